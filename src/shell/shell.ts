/**
 * A Kafka command line over the simulated cluster: it runs the quickstart's scripts
 * (kafka-topics.sh, the console producer and consumer, kafka-consumer-groups.sh ...) and prints what
 * Kafka prints. It knows no DOM and no terminal library: the page's terminal feeds it lines and
 * shows what it writes; in Node, tests call `run` directly and the in-process cluster's driver runs
 * virtual time while a command works.
 *
 *   const shell = createShell({ kafka, cluster, clock: cluster.clock })
 *   await shell.run('kafka-topics.sh --create --topic test-topic --bootstrap-server localhost:9092')
 */
import type { Kafka } from '../client/kafka';
import type { Clock } from '../core/clock';
import { SeededRandom, type Random } from '../core/random';
import { completeLine } from './complete';
import { builtinNames, findBuiltin } from './builtins';
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
}

export interface RunOptions {
  /** Standard input: lines (a list, a text, or lines arriving as they are typed). */
  input?: string[] | string | AsyncIterable<string>;
  /** Whether stdin is a terminal; default true for typed lines, false for a list or a text. */
  tty?: boolean;
  /** Ctrl-C: stops a running consumer or producer. */
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

export function createShell({ kafka, cluster, clock, random = new SeededRandom(1) }: ShellOptions): Shell {
  /** The shell's in-memory files, by name. */
  const files = new Map<string, string>();
  const tools = new Map<string, Tool>(TOOLS.map((tool) => [tool.name, tool]));
  const findTool = (word: string): Tool | undefined => {
    // `bin/kafka-topics.sh`, `kafka-topics.sh` and Confluent's `kafka-topics` are the same tool.
    const base = word.slice(word.lastIndexOf('/') + 1);
    return tools.get(base) ?? tools.get(`${base}.sh`);
  };

  const shell: Shell = {
    async run(commandLine, options = {}) {
      let stdout = '';
      let stderr = '';
      const out = (text: string) => {
        stdout += text;
        options.stdout?.(text);
      };
      const err = (text: string) => {
        stderr += text;
        options.stderr?.(text);
      };
      let words: string[];
      try {
        words = tokenize(commandLine.trim().startsWith('#') ? '' : commandLine);
      } catch (error) {
        if (!(error instanceof UnterminatedQuoteError)) throw error;
        err(`bash: ${error.message}\n`);
        return { stdout, stderr, exitCode: 2 };
      }
      const redirect = extractRedirect(words);
      if (typeof redirect === 'string') {
        err(`bash: ${redirect}\n`);
        return { stdout, stderr, exitCode: 2 };
      }
      if (redirect.words.length === 0) return { stdout, stderr, exitCode: 0 };
      const [command, ...args] = redirect.words;
      // `> file` sends what the command prints to the file instead of the screen.
      let captured = '';
      const toScreenOrFile = redirect.file === null ? out : (text: string) => {
        captured += text;
      };
      const signal = options.signal ?? new AbortController().signal;
      const tool = findTool(command);
      // A tool that does not handle Ctrl-C itself prints nothing more once it is pressed.
      const muted = () => signal.aborted && tool !== undefined && !tool.handlesInterrupt;
      const context = toolContext({
        kafka, cluster, clock, random, files, signal, options,
        out: (text) => {
          if (!muted()) toScreenOrFile(text);
        },
        err: (text) => {
          if (!muted()) err(text);
        },
      });
      const finish = (exitCode: number, extra: Partial<RunResult> = {}): RunResult => {
        if (redirect.file !== null) files.set(redirect.file, (redirect.append ? files.get(redirect.file) ?? '' : '') + captured);
        return { stdout, stderr, exitCode, ...extra };
      };

      const builtin = findBuiltin(command);
      if (builtin !== undefined) {
        const result = await builtin(args, { tools: [...tools.values()], cluster, files, out: toScreenOrFile, err, readLine: context.readLine });
        return finish(result.exitCode, result.clear ? { clear: true } : {});
      }
      if (tool === undefined) {
        err(`bash: ${command}: command not found\n`);
        return { stdout, stderr, exitCode: COMMAND_NOT_FOUND };
      }
      const interrupted = new Promise<number>((resolve) => {
        if (signal.aborted) resolve(INTERRUPTED);
        else signal.addEventListener('abort', () => resolve(INTERRUPTED), { once: true });
      });
      const work = tool.handlesInterrupt ? tool.run(args, context) : Promise.race([tool.run(args, context), interrupted]);
      try {
        return finish(cluster.run === undefined ? await work : await cluster.run(work, commandLine));
      } catch (error) {
        // A bug or a stuck simulation must not take the terminal down: report it as the JVM would.
        err(`Exception in thread "main" java.lang.RuntimeException: ${(error as Error).message}\n`);
        return finish(1);
      }
    },

    complete(line, cursor = line.length) {
      return completeLine(line, cursor, { tools: [...tools.values()], builtins: builtinNames(), findTool, cluster, kafka });
    },

    commands() {
      return [...tools.keys(), ...builtinNames()].sort();
    },
  };
  return shell;
}

/** `cmd > file` or `cmd >> file` (also `>file`): the words without the redirection, or bash's complaint. */
function extractRedirect(words: string[]): { words: string[]; file: string | null; append: boolean } | string {
  const at = words.findIndex((word) => word.startsWith('>'));
  if (at < 0) return { words, file: null, append: false };
  const append = words[at].startsWith('>>');
  const inline = words[at].slice(append ? 2 : 1);
  const file = inline !== '' ? inline : words[at + 1];
  if (file === undefined) return "syntax error near unexpected token `newline'";
  return { words: [...words.slice(0, at), ...words.slice(at + (inline !== '' ? 1 : 2))], file, append };
}

function toolContext({ kafka, cluster, clock, random, files, signal, options, out, err }: {
  kafka: Kafka; cluster: ShellCluster; clock: Clock; random: Random; files: Map<string, string>; signal: AbortSignal; options: RunOptions;
  out: (text: string) => void; err: (text: string) => void;
}): ToolContext {
  const input = options.input;
  let lines: AsyncIterator<string> | null = null;
  if (typeof input === 'string') lines = toAsync(input === '' ? [] : input.replace(/\n$/, '').split('\n'));
  else if (Array.isArray(input)) lines = toAsync(input);
  else if (input !== undefined) lines = input[Symbol.asyncIterator]();
  const tty = options.tty ?? (input !== undefined && typeof input !== 'string' && !Array.isArray(input));
  return {
    kafka, cluster, clock, random, signal, tty, out, err,
    readFile: (path) => files.get(path),
    async readLine() {
      if (lines === null || signal.aborted) return null;
      const next = await lines.next();
      return next.done || signal.aborted ? null : next.value;
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
