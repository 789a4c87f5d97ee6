/**
 * A Kafka command line over the simulated cluster: it runs the quickstart's scripts
 * (kafka-topics.sh, the console producer and consumer, kafka-consumer-groups.sh ...) and prints what
 * Kafka prints. It knows no DOM and no terminal library: the page's terminal feeds it lines and
 * shows what it writes; in Node, tests call `run` directly and the in-process cluster's driver runs
 * virtual time while a command works.
 *
 *   const shell = createShell({ kafka, cluster, clock: cluster.clock })
 *   await shell.run('kafka-topics.sh --create --topic test-topic --bootstrap-server localhost:9092')
 *
 * In the page: `createShell({ kafka: cluster.client(), cluster, clock: new RealClock() })` over the
 * BrowserCluster. A terminal runs one command line at a time: it passes a LineQueue
 * (line-queue.ts) as `input` and pushes the lines typed while the command runs (end() on Ctrl-D),
 * aborts `signal` on Ctrl-C, writes the `stdout` / `stderr` chunks as they come, clears its screen
 * when the result says `clear`, and asks `complete(line, cursor)` on Tab.
 */
import type { Kafka } from '../client/kafka';
import type { Clock } from '../core/clock';
import { SeededRandom, type Random } from '../core/random';
import { completeLine, listedGroupIds } from './complete';
import { builtinNames, findBuiltin } from './builtins';
import { parseCommandLine, type Stage } from './command-line';
import { substituteCommands, UnterminatedSubstitutionError } from './command-substitution';
import { tokenize, UnterminatedQuoteError } from './tokenize';
import { INTERRUPTED, type ShellCluster, type Tool, type ToolContext } from './tool';
import { TOOLS } from './tools/index';

export interface ShellOptions {
  kafka: Kafka;
  cluster: ShellCluster;
  /** The cluster's clock (virtual in Node, real in the page), for --timeout-ms and the tools' waits. */
  clock: Clock;
  /** Picks the console consumer's group number; seeded, so a Node run replays. */
  random?: Random;
  /**
   * The groups' ids for completing --group; by default listed with the client (ListGroups). The lab
   * reads them from the coordinator instead, since a request would become part of its run.
   */
  groupIds?: () => Promise<string[]>;
}

export interface RunOptions {
  /** Standard input: lines (a list, a text, or lines arriving as they are typed). */
  input?: string[] | string | AsyncIterable<string>;
  /** Whether stdin is a terminal; default true for typed lines, false for a list or a text. */
  tty?: boolean;
  /** Ctrl-C: stops the running command; the console consumer and producer then finish as Kafka's do. */
  signal?: AbortSignal;
  stdout?: (chunk: string) => void;
  stderr?: (chunk: string) => void;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Set by `clear`: the terminal should clear its screen. */
  clear?: boolean;
}

export interface Shell {
  run(commandLine: string, options?: RunOptions): Promise<RunResult>;
  /** Completions of the word under the cursor: tools, options, topic and group names. */
  complete(line: string, cursor?: number): Promise<string[]>;
  /** Names of the tools and built-ins. */
  commands(): string[];
}

/** bash's exit code for a command it cannot find. */
const COMMAND_NOT_FOUND = 127;

export function createShell({
  kafka,
  cluster,
  clock,
  random = new SeededRandom(1),
  groupIds = () => listedGroupIds(kafka),
}: ShellOptions): Shell {
  /** The shell's in-memory files, by name. */
  const files = new Map<string, string>();
  /** Shell variables (`NAME=value`, `export NAME=value`), expanded as $NAME. */
  const variables = new Map<string, string>();
  const tools = new Map<string, Tool>(TOOLS.map((tool) => [tool.name, tool]));
  const findTool = (word: string): Tool | undefined => {
    // `bin/kafka-topics.sh`, `kafka-topics.sh` and Confluent's `kafka-topics` are the same tool.
    const base = word.slice(word.lastIndexOf('/') + 1);
    return tools.get(base) ?? tools.get(`${base}.sh`);
  };

  /** Runs one stage of a pipeline; its output goes where `io.out` sends it. */
  const runStage = async (stage: Stage, io: StageIo): Promise<{ exitCode: number; clear?: boolean }> => {
    const [command, ...args] = stage.words;
    const tool = findTool(command);
    // A tool that does not handle Ctrl-C itself prints nothing more once it is pressed.
    const muted = () => io.signal.aborted && tool !== undefined && !tool.handlesInterrupt;
    const context = toolContext({
      kafka,
      cluster,
      clock,
      random,
      files,
      io,
      out: (text) => {
        if (!muted()) io.out(text);
      },
      err: (text) => {
        if (!muted()) io.err(text);
      },
    });
    const builtin = findBuiltin(command);
    if (builtin !== undefined)
      return builtin(args, { tools: [...tools.values()], cluster, files, out: io.out, err: io.err, readLine: context.readLine });
    if (tool === undefined) {
      io.err(`bash: ${command}: command not found\n`);
      return { exitCode: COMMAND_NOT_FOUND };
    }
    const interrupted = whenAborted(io.signal);
    const work = tool.handlesInterrupt
      ? tool.run(args, context)
      : Promise.race([tool.run(args, context), interrupted.promise.then(() => INTERRUPTED)]);
    try {
      return { exitCode: await cluster.settle(work, stage.words.join(' ')) };
    } catch (error) {
      // A bug or a stuck simulation must not take the terminal down: report it as the JVM would.
      io.err(`Exception in thread "main" java.lang.RuntimeException: ${(error as Error).message}\n`);
      return { exitCode: 1 };
    } finally {
      interrupted.dispose();
    }
  };

  const shell: Shell = {
    async run(commandLine, options = {}) {
      let stdout = '';
      let stderr = '';
      const screen = (text: string) => {
        stdout += text;
        options.stdout?.(text);
      };
      const err = (text: string) => {
        stderr += text;
        options.stderr?.(text);
      };
      const complain = (message: string): RunResult => {
        err(`bash: ${message}\n`);
        return { stdout, stderr, exitCode: 2 };
      };
      let stages: Stage[] | string;
      try {
        const line = await substituteCommands(commandLine.trim().startsWith('#') ? '' : commandLine, async (inner) => {
          const substituted = await shell.run(inner, { signal: options.signal, stderr: options.stderr });
          stderr += substituted.stderr;
          return substituted.stdout;
        });
        stages = parseCommandLine(tokenize(line, variables));
      } catch (error) {
        if (!(error instanceof UnterminatedQuoteError) && !(error instanceof UnterminatedSubstitutionError)) throw error;
        return complain(error.message);
      }
      if (typeof stages === 'string') return complain(stages);
      const assignments = assignmentsOf(stages);
      if (assignments !== null) {
        for (const [name, value] of assignments) variables.set(name, value);
        return { stdout, stderr, exitCode: 0 };
      }
      const signal = options.signal ?? new AbortController().signal;
      // Stages run one after the other; each one's output is the next one's input.
      let piped: string | null = null;
      let result: { exitCode: number; clear?: boolean } = { exitCode: 0 };
      for (const [i, stage] of stages.entries()) {
        const last = i === stages.length - 1;
        let input: RunOptions['input'] = piped ?? (i === 0 ? options.input : '');
        if (stage.inputFile !== null) {
          const content = files.get(stage.inputFile);
          if (content === undefined) return complain(`${stage.inputFile}: No such file or directory`);
          input = content;
        }
        let captured = '';
        const capture = (text: string) => {
          captured += text;
        };
        const tty = input === options.input ? options.tty : false;
        result = await runStage(stage, { input, tty, signal, out: stage.outputFile === null && last ? screen : capture, err });
        if (stage.outputFile !== null) files.set(stage.outputFile, (stage.append ? (files.get(stage.outputFile) ?? '') : '') + captured);
        piped = stage.outputFile === null ? captured : '';
      }
      return { stdout, stderr, exitCode: result.exitCode, ...(result.clear ? { clear: true } : {}) };
    },

    complete(line, cursor = line.length) {
      return completeLine(line, cursor, { tools: [...tools.values()], builtins: builtinNames(), findTool, cluster, groupIds });
    },

    commands() {
      return [...tools.keys(), ...builtinNames()].sort();
    },
  };
  return shell;
}

/** `NAME=value ...` or `export NAME=value ...` alone on a line: the variables it sets, else null. */
function assignmentsOf(stages: Stage[]): [string, string][] | null {
  if (stages.length !== 1 || stages[0].outputFile !== null || stages[0].inputFile !== null) return null;
  const words = stages[0].words[0] === 'export' ? stages[0].words.slice(1) : stages[0].words;
  const assignments = words.map((word) => /^([A-Za-z_]\w*)=(.*)$/s.exec(word));
  if (words.length === 0 || assignments.some((match) => match === null)) return null;
  return assignments.map((match) => [match![1], match![2]]);
}

/** Where a pipeline stage reads and writes. */
interface StageIo {
  input: RunOptions['input'];
  tty: boolean | undefined;
  signal: AbortSignal;
  out(text: string): void;
  err(text: string): void;
}

function toolContext({
  kafka,
  cluster,
  clock,
  random,
  files,
  io,
  out,
  err,
}: {
  kafka: Kafka;
  cluster: ShellCluster;
  clock: Clock;
  random: Random;
  files: Map<string, string>;
  io: StageIo;
  out: (text: string) => void;
  err: (text: string) => void;
}): ToolContext {
  const { input, signal } = io;
  let lines: AsyncIterator<string> | null = null;
  if (typeof input === 'string') lines = toAsync(input === '' ? [] : input.replace(/\n$/, '').split('\n'));
  else if (Array.isArray(input)) lines = toAsync(input);
  else if (input !== undefined) lines = input[Symbol.asyncIterator]();
  const tty = io.tty ?? (input !== undefined && typeof input !== 'string' && !Array.isArray(input));
  return {
    kafka,
    cluster,
    clock,
    random,
    signal,
    tty,
    out,
    err,
    readFile: (path) => files.get(path),
    async readLine() {
      if (lines === null || signal.aborted) return null;
      // Ctrl-C must not wait for the next typed line: a terminal's input ends only with Enter or Ctrl-D.
      const aborted = whenAborted(signal);
      try {
        const next = await Promise.race([lines.next(), aborted.promise.then(() => null)]);
        return next === null || next.done || signal.aborted ? null : next.value;
      } finally {
        aborted.dispose();
      }
    },
    sleep(ms) {
      return new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const timer = clock.schedule(ms, () => {
          signal.removeEventListener('abort', wake);
          resolve();
        });
        const wake = () => {
          timer.cancel();
          resolve();
        };
        signal.addEventListener('abort', wake, { once: true });
      });
    },
  };
}

async function* toAsync(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

/** A promise that resolves when `signal` aborts, and a dispose that drops its listener once the wait is over. */
function whenAborted(signal: AbortSignal): { promise: Promise<void>; dispose: () => void } {
  let onAbort = () => undefined as void;
  const promise = new Promise<void>((resolve) => {
    onAbort = resolve;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
