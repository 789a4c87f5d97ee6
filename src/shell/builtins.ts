/**
 * The shell's own commands: `help` lists the tools and the brokers' listeners, `clear` clears the
 * screen, and `echo`, `cat`, `ls` and `rm` over the shell's in-memory files, so a tutorial can
 * write the JSON files kafka-reassign-partitions.sh reads (`echo '{...}' > topics.json`, or
 * `cat > plan.json` and the lines typed until Ctrl-D).
 */
import { listenerSummary } from './bootstrap';
import type { ShellCluster, Tool } from './tool';

export interface BuiltinResult {
  exitCode: number;
  clear?: boolean;
}

export interface BuiltinEnvironment {
  tools: Tool[];
  cluster: ShellCluster;
  files: Map<string, string>;
  out(text: string): void;
  err(text: string): void;
  readLine(): Promise<string | null>;
}

/** What `clear` writes (ncurses' clear for xterm): cursor home, erase the screen and the scrollback. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

type Builtin = (args: string[], env: BuiltinEnvironment) => Promise<BuiltinResult> | BuiltinResult;

const BUILTINS: Record<string, Builtin> = {
  clear: (_, { out }) => {
    out(CLEAR_SCREEN);
    return { exitCode: 0, clear: true };
  },
  help: (_, env) => help(env),
  echo: (args, { out }) => {
    out(`${args.join(' ')}\n`);
    return { exitCode: 0 };
  },
  cat: async (args, { files, out, err, readLine }) => {
    if (args.length === 0) {
      for (let line = await readLine(); line !== null; line = await readLine()) out(`${line}\n`);
      return { exitCode: 0 };
    }
    let exitCode = 0;
    for (const name of args) {
      const content = files.get(name);
      if (content === undefined) {
        err(`cat: ${name}: No such file or directory\n`);
        exitCode = 1;
      } else out(content);
    }
    return { exitCode };
  },
  ls: (_, { files, out }) => {
    out(
      [...files.keys()]
        .sort()
        .map((name) => `${name}\n`)
        .join(''),
    );
    return { exitCode: 0 };
  },
  rm: (args, { files, err }) => {
    // -r changes nothing here (there are no directories); -f keeps quiet about missing files.
    const force = args.some((arg) => /^-[a-z]*f/.test(arg));
    let exitCode = 0;
    for (const name of args.filter((arg) => !arg.startsWith('-'))) {
      if (!files.delete(name) && !force) {
        err(`rm: cannot remove '${name}': No such file or directory\n`);
        exitCode = 1;
      }
    }
    return { exitCode };
  },
};

export function builtinNames(): string[] {
  return Object.keys(BUILTINS).sort();
}

export function findBuiltin(command: string): Builtin | undefined {
  return Object.hasOwn(BUILTINS, command) ? BUILTINS[command] : undefined;
}

function help({ tools, cluster, out }: BuiltinEnvironment): BuiltinResult {
  const width = Math.max(...tools.map((tool) => tool.name.length));
  out(
    [
      "Kafka's command-line tools, run against this cluster (add --help to any of them):",
      '',
      ...tools.map((tool) => `  ${tool.name.padEnd(width)}  ${tool.summary}`),
      '',
      'The brokers are already running: no need for kafka-storage.sh format or kafka-server-start.sh.',
      "--bootstrap-server takes localhost:9092 or any broker's listener:",
      ...listenerSummary(cluster)
        .split('\n')
        .map((line) => `  ${line}`),
      '',
      "Files live in this shell only: echo '...' > f.json, cat > f.json (end with Ctrl-D), cat, ls, rm.",
      'Tab completes tools, options, topics and groups; Ctrl-C stops a running consumer or producer;',
      "Ctrl-D ends the console producer's input; `clear` clears the screen.",
      '',
    ].join('\n'),
  );
  return { exitCode: 0 };
}
