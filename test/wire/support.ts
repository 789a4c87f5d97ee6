/** What the wire tests share: a real-time cluster with quick timings, and a logger that keeps what the gateway said. */
import { afterEach } from 'vitest';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { createCluster } from '../../src/index';
import type { WireLogger } from '../../src/gateway/wire-connection';

/** The demo timings (a killed broker is fenced in 3 s), and no initial rebalance delay, as kafkajs's own test brokers run. */
export const QUICK_CONFIG = { ...DEMO_PRESET.broker, 'group.initial.rebalance.delay.ms': 0 };

export function memoryLogger(): WireLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(`INFO ${line}`), warn: (line) => lines.push(`WARN ${line}`) };
}

export async function realTimeCluster(brokerIds = [0, 1, 2], logger: WireLogger = memoryLogger()) {
  const { cluster } = await createCluster({ clock: 'real', brokerIds, config: QUICK_CONFIG, wire: { logger } });
  return cluster;
}

/**
 * Registers an afterEach that closes what a test opened, last opened first (clients before the
 * cluster they talk to), whether the test passed or not; returns the function to register with.
 */
export function closeAfterEach(): (close: () => Promise<void>) => void {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  });
  return (close) => void closers.push(close);
}
