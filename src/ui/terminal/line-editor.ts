/**
 * The terminal's line discipline, as bash's readline gives it: typing and editing one line (arrows,
 * Home/End, Ctrl-A/E/U/K/W, Backspace, Delete), history on Up/Down, and what Enter, Tab, Ctrl-C,
 * Ctrl-D and Ctrl-L mean. It knows no terminal library: `feed` takes the bytes xterm.js reports
 * (onData) and answers with the escape sequences to write back and the action to take, so the
 * whole discipline is testable in Node.
 */

export type LineAction =
  | { kind: 'submit'; line: string }
  | { kind: 'complete'; line: string; cursor: number }
  | { kind: 'interrupt' }
  | { kind: 'end-of-input' }
  | { kind: 'clear-screen' };

export interface FeedResult {
  /** Escape sequences and text that redraw the line on the terminal. */
  echo: string;
  actions: LineAction[];
}

/** bash keeps HISTSIZE=500 lines by default. */
const HISTORY_LIMIT = 500;

const KEYS: Record<string, string> = {
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x01': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x05': 'end',
  '\x1b[3~': 'delete',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\x0c': 'clear',
  '\x15': 'kill-to-start',
  '\x0b': 'kill-to-end',
  '\x17': 'kill-word',
};

/** Splits what xterm reports into keys: escape sequences whole, everything else a character at a time. */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < data.length;) {
    if (data[i] === '\x1b') {
      const match = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(data.slice(i));
      const length = match === null ? 1 : match[0].length;
      keys.push(data.slice(i, i + length));
      i += length;
    } else {
      const char = String.fromCodePoint(data.codePointAt(i)!);
      keys.push(char);
      i += char.length;
    }
  }
  return keys;
}

export class LineEditor {
  private line = '';
  private cursor = 0;
  private readonly history: string[] = [];
  /** Where Up/Down are in the history; history.length means the line being typed. */
  private historyIndex = 0;
  /** The line being typed, kept while the user browses the history. */
  private draft = '';

  constructor(private prompt = '') {}

  get text(): string {
    return this.line;
  }

  /** Starts a new, empty line after `prompt` (which the caller has written). */
  reset(prompt: string = this.prompt): void {
    this.prompt = prompt;
    this.line = '';
    this.cursor = 0;
    this.historyIndex = this.history.length;
    this.draft = '';
  }

  /**
   * What is on the screen left of the line: a running command's own prompt (the console producer's
   * `>`) changes it without losing what is being typed.
   */
  setPrompt(prompt: string): void {
    this.prompt = prompt;
  }

  /** What redraws the prompt and the current line, e.g. after a completion list was printed. */
  redraw(): string {
    return `\r\x1b[K${this.prompt}${this.line}${cursorLeft(this.line.length - this.cursor)}`;
  }

  /** Inserts text at the cursor, as a completion does. */
  insert(text: string): string {
    const atEnd = this.cursor === this.line.length;
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    // Typing at the end of the line (nearly always) only needs the new characters written.
    return atEnd ? text : this.redraw();
  }

  feed(data: string): FeedResult {
    let echo = '';
    const actions: LineAction[] = [];
    for (const key of splitKeys(data)) {
      const name = KEYS[key];
      switch (name) {
        case 'enter': {
          const line = this.line;
          this.remember(line);
          echo += '\r\n';
          actions.push({ kind: 'submit', line });
          this.reset();
          break;
        }
        case 'tab':
          actions.push({ kind: 'complete', line: this.line, cursor: this.cursor });
          break;
        case 'interrupt':
          echo += '^C\r\n';
          actions.push({ kind: 'interrupt' });
          this.reset();
          break;
        case 'eof':
          // As readline: Ctrl-D ends input only on an empty line, and deletes under the cursor otherwise.
          if (this.line === '') actions.push({ kind: 'end-of-input' });
          else echo += this.edit(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
          break;
        case 'clear':
          actions.push({ kind: 'clear-screen' });
          break;
        case 'left':
          if (this.cursor > 0) {
            this.cursor--;
            echo += cursorLeft(1);
          }
          break;
        case 'right':
          if (this.cursor < this.line.length) {
            this.cursor++;
            echo += '\x1b[C';
          }
          break;
        case 'home':
          echo += cursorLeft(this.cursor);
          this.cursor = 0;
          break;
        case 'end':
          echo += this.cursor < this.line.length ? `\x1b[${this.line.length - this.cursor}C` : '';
          this.cursor = this.line.length;
          break;
        case 'backspace':
          if (this.cursor > 0) echo += this.edit(this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor), this.cursor - 1);
          break;
        case 'delete':
          if (this.cursor < this.line.length)
            echo += this.edit(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
          break;
        case 'kill-to-start':
          echo += this.edit(this.line.slice(this.cursor), 0);
          break;
        case 'kill-to-end':
          echo += this.edit(this.line.slice(0, this.cursor), this.cursor);
          break;
        case 'kill-word': {
          const start = this.line.slice(0, this.cursor).replace(/\S+\s*$/, '').length;
          echo += this.edit(this.line.slice(0, start) + this.line.slice(this.cursor), start);
          break;
        }
        case 'up':
          echo += this.browse(-1);
          break;
        case 'down':
          echo += this.browse(1);
          break;
        default:
          // Printable text only: other control characters and unknown escape sequences are ignored.
          if (!/^[\x00-\x1f\x7f]/.test(key) && !key.startsWith('\x1b')) echo += this.insert(key);
      }
    }
    return { echo, actions };
  }

  private edit(line: string, cursor: number): string {
    this.line = line;
    this.cursor = cursor;
    return this.redraw();
  }

  private browse(step: number): string {
    const index = this.historyIndex + step;
    if (index < 0 || index > this.history.length) return '';
    if (this.historyIndex === this.history.length) this.draft = this.line;
    this.historyIndex = index;
    const line = index === this.history.length ? this.draft : this.history[index];
    return this.edit(line, line.length);
  }

  private remember(line: string): void {
    // Debian's .bashrc sets HISTCONTROL=ignoreboth: blank lines and repeats of the previous line are not kept.
    if (line.trim() === '' || this.history.at(-1) === line) return;
    this.history.push(line);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
  }
}

function cursorLeft(columns: number): string {
  return columns > 0 ? `\x1b[${columns}D` : '';
}

/** The longest prefix every completion shares: what Tab inserts when it cannot choose. */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
