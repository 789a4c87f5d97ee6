/**
 * Splits a command line into words the way a POSIX shell does for the cases a Kafka tutorial uses:
 * whitespace separates words, single quotes keep everything literally, double quotes keep spaces
 * and let a backslash escape `"`, `\` and `$`, and an unquoted backslash escapes the next character.
 * `$NAME` and `${NAME}` expand outside single quotes (an unset variable to nothing); there is no
 * word splitting of what they expand to, and no globbing.
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
export function tokenize(line: string, variables: ReadonlyMap<string, string> = new Map()): string[] {
  return tokenizeWithPositions(line, { variables }).map((token) => token.text);
}

const VARIABLE = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/;

/** Without `variables` (completion), `$NAME` stays as typed. */
export function tokenizeWithPositions(
  line: string,
  { allowOpenQuote = false, variables }: { allowOpenQuote?: boolean; variables?: ReadonlyMap<string, string> } = {},
): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let start = -1;
  /** A word with quotes stays even when empty (""); one made only of unset variables goes. */
  let quoted = false;
  let i = 0;
  const begin = () => {
    if (start < 0) start = i;
  };
  const push = (end: number) => {
    if (start >= 0 && (text !== '' || quoted)) tokens.push({ text, start, end });
    text = '';
    start = -1;
    quoted = false;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      push(i);
      i++;
    } else if (c === "'" || c === '"') {
      begin();
      quoted = true;
      const close = findClosingQuote(line, i);
      if (close < 0 && !allowOpenQuote) throw new UnterminatedQuoteError(c);
      const inner = line.slice(i + 1, close < 0 ? line.length : close);
      text +=
        c === "'"
          ? inner
          : inner.replace(
              /\\(["\\$`])|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g,
              (match, escaped?: string, braced?: string, plain?: string) =>
                escaped ?? (variables === undefined ? match : (variables.get((braced ?? plain)!) ?? '')),
            );
      i = close < 0 ? line.length : close + 1;
    } else if (c === '$' && variables !== undefined && VARIABLE.test(line.slice(i))) {
      begin();
      const [match, braced, plain] = VARIABLE.exec(line.slice(i))!;
      text += variables.get(braced ?? plain) ?? '';
      i += match.length;
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
  push(line.length);
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
