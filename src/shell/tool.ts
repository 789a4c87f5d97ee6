/**
 * What a tool of the shell gets to work with, and what it is. A tool is one Kafka command-line
 * script (kafka-topics.sh ...): it reads its arguments, talks to the cluster through the
 * kafkajs-shaped client, and writes what Kafka's tool writes to stdout and stderr.
 */
import type { Kafka } from '../client/kafka';
import type { Clock } from '../core/clock';
import type { Random } from '../core/random';
import type { ClusterOperator } from '../cluster/cluster-operator';
import type { OptionParser } from './options';

/**
 * The cluster as the shell sees it, on either runtime: what describe() says, the controller's image
 * for what the admin client cannot ask yet (ELR, reassignments in flight), and `settle`, which on
 * virtual time runs the simulation while a tool works.
 */
export type ShellCluster = Pick<ClusterOperator, 'describe' | 'controllerId' | 'brokerIds' | 'controller' | 'settle'>;

export interface ToolContext {
  readonly kafka: Kafka;
  readonly cluster: ShellCluster;
  readonly clock: Clock;
  readonly random: Random;
  /** Ctrl-C. */
  readonly signal: AbortSignal;
  /** Whether stdin is a terminal: the console producer prints its `>` prompt only then. */
  readonly tty: boolean;
  /** Lines of standard input; null once it is closed (Ctrl-D, or the end of a given list). */
  readLine(): Promise<string | null>;
  out(text: string): void;
  err(text: string): void;
  /** A file of the shell's in-memory files, undefined if there is none. */
  readFile(path: string): string | undefined;
  /** Resolves after `ms` on the cluster's clock, or at once when Ctrl-C is pressed. */
  sleep(ms: number): Promise<void>;
}

/** The exit code of a tool stopped by Ctrl-C: the JVM exits with 128 + SIGINT. */
export const INTERRUPTED = 130;

export interface Tool {
  /** The script's name: 'kafka-topics.sh'. */
  readonly name: string;
  /** One line for `help`. */
  readonly summary: string;
  readonly parser: OptionParser;
  /**
   * Whether the tool itself reacts to Ctrl-C (the console consumer counts what it read, the
   * producer flushes). Any other tool is simply stopped: nothing more is printed and it exits 130.
   */
  readonly handlesInterrupt?: boolean;
  /** Returns the exit code. */
  run(args: string[], context: ToolContext): Promise<number>;
}
