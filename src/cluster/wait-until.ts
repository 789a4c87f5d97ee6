/**
 * Named conditions on the cluster's own time: `await waitUntil(cluster, 'the follower rejoins the
 * ISR', () => ...)` lets time pass in small steps (the simulation runs on virtual time; real time
 * just passes) until the condition holds, and fails naming the condition and how long it waited
 * if it never does. Scripts and tests read the same on both runtimes, and wait no longer than they
 * must.
 */
import type { ClusterOperator } from './cluster-operator';

export interface WaitUntilOptions {
  /** Give up after this much of the cluster's time. Default 30 s. */
  timeoutMs?: number;
  /** Look again after this much of the cluster's time. Default 50 ms. */
  stepMs?: number;
}

export async function waitUntil(
  cluster: Pick<ClusterOperator, 'now' | 'wait'>,
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, stepMs = 50 }: WaitUntilOptions = {},
): Promise<void> {
  const startMs = cluster.now();
  while (!(await condition())) {
    const waitedMs = cluster.now() - startMs;
    if (waitedMs >= timeoutMs) throw new Error(`Waited ${Math.round(waitedMs)} ms for ${what}; it never happened.`);
    await cluster.wait(Math.min(stepMs, timeoutMs - waitedMs));
  }
}
