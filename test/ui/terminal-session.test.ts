import { describe, expect, it } from 'vitest';
import type { RunOptions, RunResult, Shell } from '../../src/shell/shell';
import { PROMPT, TerminalSession, type Screen } from '../../src/ui/terminal/terminal-session';
import { shellOnCluster } from '../shell/support';

/** What a terminal would show, without cursor movements: enough to read the transcript. */
class RecordingScreen implements Screen {
  text = '';
  clears = 0;
  write(text: string): void {
    this.text += text;
  }
  clear(): void {
    this.clears++;
    this.text = '';
  }
  /** The text as it reads: a line redrawn (carriage return, erase line) replaces what was on it. */
  get plain(): string {
    let screen = '';
    for (const part of this.text.replace(/\r\n/g, '\n').split(/(\r\x1b\[K)/)) {
      if (part === '\r\x1b[K') screen = screen.slice(0, screen.lastIndexOf('\n') + 1);
      else screen += part.replace(/\x1b\[[0-9]*[A-Za-z]/g, '').replace(/\r/g, '');
    }
    return screen;
  }
}

/** A shell whose one command echoes its standard input until it ends or is interrupted. */
function catShell(completions: string[] = []): Shell & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(commandLine: string, options: RunOptions = {}): Promise<RunResult> {
      calls.push(commandLine);
      if (commandLine === 'clear') return { stdout: '', stderr: '', exitCode: 0, clear: true };
      options.stdout?.('>');
      const input = options.input as AsyncIterable<string>;
      let lines = 0;
      const aborted = new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve()));
      const iterator = input[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([iterator.next(), aborted.then(() => ({ done: true, value: undefined }))]);
        if (next.done) break;
        lines++;
        options.stdout?.(`got ${next.value}\n>`);
      }
      options.stdout?.(`\nProcessed ${lines} lines\n`);
      return { stdout: '', stderr: '', exitCode: 0 };
    },
    async complete() {
      return completions;
    },
    commands: () => ['cat'],
  };
}

/** Lets the command's promises run, turn by turn, until the session is idle again; fails naming what it waited for. */
async function untilIdle(session: TerminalSession, what: string): Promise<void> {
  for (let turn = 0; turn < 100 && session.busy; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  if (session.busy) throw new Error(`${what}: the session is still busy after 100 event-loop turns`);
}

describe('terminal > session', () => {
  it('feeds the lines typed while a command runs to its input, and Ctrl-D ends it with a new prompt', async () => {
    const screen = new RecordingScreen();
    const session = new TerminalSession(catShell(), screen);
    session.start('Welcome\n');
    await session.input('cat\r');
    await session.input('hello kafka\r');
    await session.input('\x04');
    await untilIdle(session, 'Ctrl-D ends cat');
    expect(screen.plain).toBe(`Welcome\n${PROMPT}cat\n>hello kafka\ngot hello kafka\n>\nProcessed 1 lines\n${PROMPT}`);
  });

  it('stops a running command on Ctrl-C', async () => {
    const screen = new RecordingScreen();
    const shell = catShell();
    const session = new TerminalSession(shell, screen);
    session.start('');
    await session.input('cat\r');
    await session.input('\x03');
    await untilIdle(session, 'Ctrl-C stops cat');
    expect(screen.plain.endsWith(`^C\n\nProcessed 0 lines\n${PROMPT}`)).toBe(true);
  });

  it('completes a unique word with a space, and lists the candidates when Tab cannot choose', async () => {
    const unique = new RecordingScreen();
    const one = new TerminalSession(catShell(['kafka-topics.sh']), unique);
    one.start('');
    await one.input('kafka-to\t');
    expect(unique.plain).toBe(`${PROMPT}kafka-topics.sh `);

    const listed = new RecordingScreen();
    const many = new TerminalSession(catShell(['--delete', '--describe']), listed);
    many.start('');
    await many.input('kafka-topics.sh --de\t');
    expect(listed.plain).toBe(`${PROMPT}kafka-topics.sh --de\n--delete  --describe\n${PROMPT}kafka-topics.sh --de`);
  });

  it('clears the screen for `clear` and Ctrl-L', async () => {
    const screen = new RecordingScreen();
    const session = new TerminalSession(catShell(), screen);
    session.start('');
    await session.type('clear');
    await session.input('\x0c');
    expect(screen.clears).toBe(2);
  });

  it("runs Kafka's tools against the cluster: a topic created in the terminal is listed by the next command", async () => {
    const { shell } = await shellOnCluster(5);
    const screen = new RecordingScreen();
    const session = new TerminalSession(shell, screen);
    session.start('');
    await session.type('kafka-topics.sh --create --topic quickstart-events --bootstrap-server localhost:9092');
    await session.type('kafka-topics.sh --list --bootstrap-server localhost:9092');
    expect(screen.plain).toContain('Created topic quickstart-events.\n');
    expect(screen.plain.endsWith(`quickstart-events\n${PROMPT}`)).toBe(true);
  });
});
