/**
 * What happens between a terminal screen and the Kafka shell: the prompt, running a line as a
 * command, feeding the lines typed while a command runs to its standard input (the console
 * producer's `>` prompt), Ctrl-C stopping it, Ctrl-D ending its input, Tab completing. The screen is
 * anything that can write text and clear itself (xterm.js on the page, a string in tests).
 */
import { createLineQueue, type LineQueue } from '../../shell/line-queue';
import type { PageShell } from '../../runtime/boot';
import { commonPrefix, LineEditor, type LineAction } from './line-editor';

export interface Screen {
  write(text: string): void;
  clear(): void;
}

export const PROMPT = '$ ';

interface RunningCommand {
  readonly stop: AbortController;
  readonly input: LineQueue;
  readonly done: Promise<void>;
}

export class TerminalSession {
  private readonly editor = new LineEditor(PROMPT);
  private running: RunningCommand | null = null;
  /** Keys arrive faster than completions resolve; they are handled one after another. */
  private pending: Promise<void> = Promise.resolve();
  private readonly idleListeners = new Set<() => void>();

  constructor(
    private readonly shell: PageShell,
    private readonly screen: Screen,
    /** Told each command line before it runs (the page's hint beside the terminal reads it). */
    private readonly onCommand: (line: string) => void = () => {},
  ) {}

  /** Prints the banner and the first prompt. */
  start(banner: string): void {
    this.screen.write(toTerminal(banner));
    this.prompt();
  }

  /** What xterm's onData reports: typed keys, pasted text. */
  input(data: string): Promise<void> {
    this.pending = this.pending.then(() => this.handle(data));
    return this.pending;
  }

  /** Runs a line as if typed, for tutorials and tests; resolves when the command has finished. */
  async type(line: string): Promise<void> {
    await this.input(`${line}\r`);
    await this.running?.done;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  private async handle(data: string): Promise<void> {
    const { echo, actions } = this.editor.feed(data);
    this.screen.write(echo);
    for (const action of actions) await this.act(action);
  }

  private async act(action: LineAction): Promise<void> {
    switch (action.kind) {
      case 'submit':
        if (this.running !== null) this.running.input.push(action.line);
        else this.execute(action.line);
        return;
      case 'interrupt':
        if (this.running !== null) this.running.stop.abort();
        else this.prompt();
        return;
      case 'end-of-input':
        this.running?.input.end();
        return;
      case 'clear-screen':
        this.screen.clear();
        this.screen.write(this.editor.redraw());
        return;
      case 'complete':
        if (this.running === null) await this.complete(action.line, action.cursor);
        return;
    }
  }

  private execute(line: string): void {
    if (line.trim() === '') {
      this.prompt();
      return;
    }
    this.onCommand(line);
    const stop = new AbortController();
    const input = createLineQueue();
    let partialLine = '';
    const write = (chunk: string) => {
      this.screen.write(toTerminal(chunk));
      const lastNewline = chunk.lastIndexOf('\n');
      partialLine = lastNewline < 0 ? partialLine + chunk : chunk.slice(lastNewline + 1);
      this.editor.setPrompt(partialLine);
    };
    this.editor.reset('');
    const done = this.shell
      .run(line, { input, tty: true, signal: stop.signal, stdout: write, stderr: write })
      .then(
        (result) => {
          if (result.clear) this.screen.clear();
        },
        (error: unknown) => write(`${error instanceof Error ? error.message : String(error)}\n`),
      )
      .finally(() => {
        this.running = null;
        this.prompt();
      });
    this.running = { stop, input, done };
  }

  private async complete(line: string, cursor: number): Promise<void> {
    const words = await this.shell.complete(line, cursor);
    if (words.length === 0) return;
    const typed = /(\S*)$/.exec(line.slice(0, cursor))![1];
    const prefix = commonPrefix(words);
    if (words.length === 1) {
      this.screen.write(this.editor.insert(`${words[0].slice(typed.length)} `));
    } else if (prefix.length > typed.length) {
      this.screen.write(this.editor.insert(prefix.slice(typed.length)));
    } else {
      // As bash on a second Tab: list the candidates, then the prompt and the line again.
      this.screen.write(`\r\n${words.join('  ')}\r\n${this.editor.redraw()}`);
    }
  }

  private prompt(): void {
    this.editor.reset(PROMPT);
    this.screen.write(PROMPT);
  }
}

/** The shell writes Unix newlines; a terminal needs a carriage return too. */
function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
