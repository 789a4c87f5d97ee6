/**
 * The page's terminal in the lab: the PageShell the terminal session drives (src/ui/terminal),
 * turned into journal actions. A command line starts a command in the lab worker (./lab-terminal.ts),
 * each line typed while it runs and Ctrl-D and Ctrl-C are actions too, so a share link replays the
 * terminal with the rest of the run; what the command prints comes back with the worker's snapshots.
 * A seek to another moment leaves a running command in the run left behind: the terminal says so
 * and gives its prompt back.
 */
import type { PageShell } from '../runtime/boot';
import type { RunResult } from '../shell/shell';
import type { LabCluster } from './lab-cluster';
import type { TerminalEvent } from './lab-terminal';

/** bash's exit code for a command ended by a signal it did not handle: 128 + SIGINT. */
const LEFT_BEHIND_EXIT_CODE = 130;

export function labShell(cluster: LabCluster, leftBehind: () => string): PageShell {
  return {
    async run(commandLine, options = {}) {
      const startedIn = cluster.snapshot.terminal.run;
      const printed = { stdout: '', stderr: '' };
      // Subscribed before the command starts: its first words may come with the snapshot that answers the action.
      const seen: TerminalEvent[] = [];
      let movedOn = false;
      let deliver: (() => void) | null = null;
      const off = cluster.onTerminal(({ run, events }) => {
        if (run !== startedIn) movedOn = true;
        else seen.push(...events);
        deliver?.();
      });
      try {
        const id = (await cluster.act({ kind: 'shell', line: commandLine })) as number;
        feedInput(cluster, options.input);
        options.signal?.addEventListener('abort', () => void cluster.act({ kind: 'shellInterrupt' }), { once: true });
        return await new Promise<RunResult>((resolve) => {
          deliver = () => {
            if (movedOn) {
              const note = leftBehind();
              printed.stderr += note;
              options.stderr?.(note);
              resolve({ ...printed, exitCode: LEFT_BEHIND_EXIT_CODE });
              return;
            }
            for (const event of seen.splice(0)) {
              if (event.command !== id) continue;
              if (event.text !== undefined) {
                const stream = event.stream ?? 'stdout';
                printed[stream] += event.text;
                options[stream]?.(event.text);
              }
              if (event.exitCode !== undefined) {
                resolve({ ...printed, exitCode: event.exitCode, ...(event.clear ? { clear: true } : {}) });
                return;
              }
            }
          };
          deliver();
        });
      } finally {
        off();
      }
    },
    complete: (line, cursor = line.length) => cluster.complete(line, cursor),
  };
}

/** Standard input as journal actions: each line as it comes, then its end. */
function feedInput(cluster: LabCluster, input: string[] | string | AsyncIterable<string> | undefined): void {
  if (input === undefined) return;
  void (async () => {
    const lines = typeof input === 'string' ? input.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '') : input;
    for await (const line of lines) await cluster.act({ kind: 'shellInput', line });
    await cluster.act({ kind: 'shellInput', line: null });
  })();
}
