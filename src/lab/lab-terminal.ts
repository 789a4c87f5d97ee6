/**
 * The lab's terminal, in the lab worker: Kafka's tools run on the run's own cluster and client, one
 * command at a time as at a terminal. Starting a command, each line typed to it, the end of its
 * input (Ctrl-D) and Ctrl-C are journal actions, so a replay runs the same commands at the same
 * moments with the same input and they print the same. What they print is kept as numbered events
 * that the page's terminal reads (./lab-shell.ts).
 */
import { SeededRandom } from '../core/random';
import type { ClusterOperator } from '../cluster/cluster-operator';
import { createLineQueue, type LineQueue } from '../shell/line-queue';
import { createShell, type Shell } from '../shell/shell';

/** Something a command did: printed `text` (to `stream`), or ended with `exitCode` (and asked for the screen to be cleared). */
export interface TerminalEvent {
  /** Increasing from 1 in each run. */
  seq: number;
  /** The command's number in its run, from 1. */
  command: number;
  text?: string;
  stream?: 'stdout' | 'stderr';
  exitCode?: number;
  clear?: boolean;
}

/** Events kept for a reader that is behind: a console consumer prints one per record. */
const KEPT_EVENTS = 2_000;

export class LabTerminal {
  private readonly shell: Shell;
  private running: { id: number; input: LineQueue; stop: AbortController } | null = null;
  private commands = 0;
  private seq = 0;
  private events: TerminalEvent[] = [];

  constructor(cluster: ClusterOperator, seed: number) {
    this.shell = createShell({
      kafka: cluster.client({ clientId: 'lab-terminal' }),
      cluster,
      clock: cluster.clock,
      random: new SeededRandom(seed),
      // Read from the coordinator: a ListGroups request for a completion would change the run.
      groupIds: async () => (await cluster.describeGroups()).map((group) => group.groupId),
    });
  }

  /** Starts a command line; returns its number. A terminal runs one at a time. */
  start(line: string): number {
    if (this.running !== null) throw new Error(`Command ${this.running.id} is still running; type its input or press Ctrl-C.`);
    const id = ++this.commands;
    const input = createLineQueue();
    const stop = new AbortController();
    this.running = { id, input, stop };
    const print = (stream: 'stdout' | 'stderr') => (text: string) => this.push({ command: id, text, stream });
    this.shell
      .run(line, { input, tty: true, signal: stop.signal, stdout: print('stdout'), stderr: print('stderr') })
      .then(
        (result) => this.push({ command: id, exitCode: result.exitCode, ...(result.clear ? { clear: true } : {}) }),
        (error: unknown) => {
          print('stderr')(`${error instanceof Error ? error.message : String(error)}\n`);
          this.push({ command: id, exitCode: 1 });
        },
      )
      .finally(() => {
        if (this.running?.id === id) this.running = null;
      });
    return id;
  }

  /** A line typed to the running command, or the end of its input (null, Ctrl-D). */
  input(line: string | null): void {
    if (line === null) this.running?.input.end();
    else this.running?.input.push(line);
  }

  /** Ctrl-C: stops the running command, which finishes as Kafka's tools do. */
  interrupt(): void {
    this.running?.stop.abort();
  }

  /** The events after `seq`, of those kept. */
  since(seq: number): TerminalEvent[] {
    return this.events.filter((event) => event.seq > seq);
  }

  complete(line: string, cursor: number): Promise<string[]> {
    return this.shell.complete(line, cursor);
  }

  private push(event: Omit<TerminalEvent, 'seq'>): void {
    this.events.push({ seq: ++this.seq, ...event });
    if (this.events.length > KEPT_EVENTS) this.events = this.events.slice(-KEPT_EVENTS);
  }
}
