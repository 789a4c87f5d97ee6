/**
 * A tokenized command line as bash reads the parts tutorials use: stages joined by `|`, each with
 * at most one `< file` and one `> file` or `>> file` (also written `>file`). Quoted `|`, `<` and
 * `>` inside a word stay part of it.
 */
export interface Stage {
  words: string[];
  /** `< file`: the stage's standard input. */
  inputFile: string | null;
  /** `> file` / `>> file`: where the stage's standard output goes instead. */
  outputFile: string | null;
  append: boolean;
}

/** The stages of a command line, or bash's complaint about it. */
export function parseCommandLine(words: string[]): Stage[] | string {
  if (words.length === 0) return [];
  const groups: string[][] = [[]];
  for (const word of words) {
    if (word === '|') groups.push([]);
    else groups[groups.length - 1].push(word);
  }
  if (groups.some((group) => group.length === 0)) return "syntax error near unexpected token `|'";
  const stages: Stage[] = [];
  for (const group of groups) {
    const stage: Stage = { words: [], inputFile: null, outputFile: null, append: false };
    for (let i = 0; i < group.length; i++) {
      const word = group[i];
      const operator = /^(>>|>|<)/.exec(word)?.[1];
      if (operator === undefined) {
        stage.words.push(word);
        continue;
      }
      const inline = word.slice(operator.length);
      const file = inline !== '' ? inline : group[++i];
      if (file === undefined) return "syntax error near unexpected token `newline'";
      if (operator === '<') stage.inputFile = file;
      else {
        stage.outputFile = file;
        stage.append = operator === '>>';
      }
    }
    stages.push(stage);
  }
  return stages;
}
