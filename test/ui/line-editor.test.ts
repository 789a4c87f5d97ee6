import { describe, expect, it } from 'vitest';
import { commonPrefix, LineEditor, splitKeys } from '../../src/ui/terminal/line-editor';

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';

function submitted(editor: LineEditor, data: string): string[] {
  return editor.feed(data).actions.flatMap((action) => (action.kind === 'submit' ? [action.line] : []));
}

describe('terminal > line editor', () => {
  it('splits what xterm reports into whole escape sequences and single characters', () => {
    expect(splitKeys(`ab${UP}\x1b[3~\r`)).toEqual(['a', 'b', UP, '\x1b[3~', '\r']);
  });

  it('submits the typed line on Enter, with Backspace and a cursor move applied', () => {
    const editor = new LineEditor('$ ');
    expect(submitted(editor, `kafka-topicz\x7fs.sh${LEFT}${LEFT}${LEFT}\x7fS\r`)).toEqual(['kafka-topicS.sh']);
  });

  it('submits every line of a paste, one after another', () => {
    expect(submitted(new LineEditor(), 'hello kafka\rthis is a test message\r')).toEqual(['hello kafka', 'this is a test message']);
  });

  it('walks the history with Up and Down and gives back the line being typed at the bottom', () => {
    const editor = new LineEditor('$ ');
    editor.feed('first\rsecond\rdraft');
    editor.feed(UP);
    expect(editor.text).toBe('second');
    editor.feed(UP + UP);
    expect(editor.text).toBe('first');
    editor.feed(DOWN + DOWN);
    expect(editor.text).toBe('draft');
  });

  it('keeps neither blank lines nor a repeat of the previous line in the history', () => {
    const editor = new LineEditor();
    editor.feed('same\rsame\r   \r');
    editor.feed(UP + UP);
    expect(editor.text).toBe('same');
  });

  it('Ctrl-U, Ctrl-K and Ctrl-W delete before the cursor, after it and the word before it', () => {
    const editor = new LineEditor();
    editor.feed(`--topic orders${LEFT}${LEFT}\x0b`);
    expect(editor.text).toBe('--topic orde');
    editor.feed('\x17');
    expect(editor.text).toBe('--topic ');
    editor.feed('\x15');
    expect(editor.text).toBe('');
  });

  it('Ctrl-C interrupts and starts a new line; Ctrl-D ends input only on an empty line', () => {
    const editor = new LineEditor();
    expect(editor.feed('abc\x03').actions).toEqual([{ kind: 'interrupt' }]);
    expect(editor.text).toBe('');
    expect(editor.feed('x\x04').actions).toEqual([]);
    expect(editor.feed('\x15\x04').actions).toEqual([{ kind: 'end-of-input' }]);
  });

  it('asks for completion on Tab with the line and the cursor', () => {
    expect(new LineEditor().feed(`kafka-top\t`).actions).toEqual([{ kind: 'complete', line: 'kafka-top', cursor: 9 }]);
  });

  it('ignores control characters and escape sequences it does not know instead of typing them', () => {
    const editor = new LineEditor();
    editor.feed('a\x1b[15~\x07b');
    expect(editor.text).toBe('ab');
  });

  it('inserts the longest prefix the completions share', () => {
    expect(commonPrefix(['--describe', '--delete', '--delete-config'])).toBe('--de');
    expect(commonPrefix([])).toBe('');
  });
});
