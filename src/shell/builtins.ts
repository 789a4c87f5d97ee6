/** The shell's own commands: `help` lists the tools and the brokers' listeners, `clear` clears the screen. */
import { listenerSummary } from './bootstrap';
import type { ShellCluster, Tool } from './tool';

export interface BuiltinResult {
  exitCode: number;
  clear?: boolean;
}

/** What `clear` writes (ncurses' clear for xterm): cursor home, erase the screen and the scrollback. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

export function builtinNames(): string[] {
  return ['clear', 'help'];
}

export function runBuiltin(command: string, _args: string[], { tools, cluster, out }: {
  tools: Tool[]; cluster: ShellCluster; out: (text: string) => void;
}): BuiltinResult | null {
  if (command === 'clear') {
    out(CLEAR_SCREEN);
    return { exitCode: 0, clear: true };
  }
  if (command !== 'help') return null;
  const width = Math.max(...tools.map((tool) => tool.name.length));
  out([
    "Kafka's command-line tools, run against this cluster (add --help to any of them):",
    '',
    ...tools.map((tool) => `  ${tool.name.padEnd(width)}  ${tool.summary}`),
    '',
    "--bootstrap-server takes localhost:9092 or any broker's listener:",
    ...listenerSummary(cluster).split('\n').map((line) => `  ${line}`),
    '',
    'Tab completes tools, options, topics and groups; Ctrl-C stops a running consumer or producer;',
    'Ctrl-D ends the console producer\'s input; `clear` clears the screen.',
    '',
  ].join('\n'));
  return { exitCode: 0 };
}
