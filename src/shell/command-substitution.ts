/**
 * `$(command)` as bash does it for the quickstart's `KAFKA_CLUSTER_ID="$(bin/kafka-storage.sh
 * random-uuid)"`: the inner command runs first and its output, trailing newlines removed, takes
 * its place. Single-quoted text is left alone; substitutions may nest.
 */
export class UnterminatedSubstitutionError extends Error {
  constructor() {
    super("unexpected EOF while looking for matching `)'");
    this.name = 'UnterminatedSubstitutionError';
  }
}

export async function substituteCommands(line: string, run: (command: string) => Promise<string>): Promise<string> {
  let result = '';
  let inSingleQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") inSingleQuotes = !inSingleQuotes;
    if (inSingleQuotes || c !== '$' || line[i + 1] !== '(') {
      result += c;
      continue;
    }
    const close = matchingParenthesis(line, i + 1);
    if (close < 0) throw new UnterminatedSubstitutionError();
    const inner = await substituteCommands(line.slice(i + 2, close), run);
    result += (await run(inner)).replace(/\n+$/, '');
    i = close;
  }
  return result;
}

function matchingParenthesis(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
