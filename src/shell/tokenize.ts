/**
 * Splits a command line into words the way a POSIX shell does for the cases a Kafka tutorial uses:
 * whitespace separates words, single quotes keep everything literally, double quotes keep spaces
 * and let a backslash escape `"`, `\` and `$`, and an unquoted backslash escapes the next character.
 * No expansion (variables, globs) happens: the tools see exactly what was typed.
 */
export class UnterminatedQuoteError extends Error {
  constructor(readonly quote: string) {
    super(`unexpected EOF while looking for matching \`${quote}'`);
    this.name = 'UnterminatedQuoteError';
  }
}

export interface Token {
  text: string;
  /** Index in the line where the word starts (for completion). */
  start: number;
  /** Index just past the word's last character. */
  end: number;
}

/** The words of `line`; throws UnterminatedQuoteError when a quote is left open. */
export function tokenize(line: string): string[] {
  return tokenizeWithPositions(line).map((token) => token.text);
}

export function tokenizeWithPositions(line: string, { allowOpenQuote = false } = {}): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let start = -1;
  let i = 0;
  const begin = () => {
    if (start < 0) start = i;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (start >= 0) tokens.push({ text, start, end: i });
      text = '';
      start = -1;
      i++;
    } else if (c === "'" || c === '"') {
      begin();
      const close = findClosingQuote(line, i);
      if (close < 0 && !allowOpenQuote) throw new UnterminatedQuoteError(c);
      const inner = line.slice(i + 1, close < 0 ? line.length : close);
      text += c === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
      i = close < 0 ? line.length : close + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      begin();
      text += line[i + 1];
      i += 2;
    } else {
      begin();
      text += c;
      i++;
    }
  }
  if (start >= 0) tokens.push({ text, start, end: line.length });
  return tokens;
}

function findClosingQuote(line: string, open: number): number {
  const quote = line[open];
  for (let i = open + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}
