/** The benchmark's table for the terminal and BENCHMARKS.md, each target marked met or missed. */

export interface Figure {
  section: string;
  name: string;
  /** The median, in words and units. */
  value: string;
  /** Each run's figure, for the spread. */
  runs: string[];
  /** A target from issue 5, tracked here and never asserted in tests. */
  target?: { text: string; met: boolean };
}

export interface ReportInput {
  figures: Figure[];
  notes: string[];
  browserVersion: string;
  machine: string;
  nodeBench: string;
  runs: number;
  date: string;
  quick: boolean;
  /** What the profiles said about the missed targets (test/bench/browser/analysis.md). */
  analysis: string;
}

const mark = (figure: Figure) => (figure.target === undefined ? '' : `${figure.target.met ? 'met' : 'MISSED'}: ${figure.target.text}`);
/** Table cells are text: a pipe would split the cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

export function formatReport(input: ReportInput): { table: string; markdown: string } {
  const table = [
    `${input.browserVersion}; ${input.machine}; ${input.date}; median of ${input.runs} runs${input.quick ? ' (--quick)' : ''}`,
    ...input.figures.map((f) => `${f.section.padEnd(10)} ${f.name}\n${''.padEnd(10)} => ${f.value}${f.target ? `  [${mark(f)}]` : ''}`),
    ...input.notes.map((note) => `note: ${note}`),
  ].join('\n');

  const targets = input.figures.filter((f) => f.target !== undefined);
  const markdown = [
    '# Benchmarks',
    '',
    "Written by `npm run bench` (test/bench/browser/run-bench.ts): the built page in Debian's Chromium through Playwright,",
    'with a persistent profile (an in-memory profile keeps IndexedDB in RAM), brokers as module workers over IndexedDB.',
    `Each figure is the median of ${input.runs} runs; the runs are listed beside it. Targets are issue 5's, tracked here and never asserted in tests.`,
    '',
    `- Date: ${input.date}`,
    `- Browser: ${input.browserVersion}, headless`,
    `- Machine: ${input.machine}`,
    '',
    '## Targets',
    '',
    '| target | figure | verdict |',
    '| --- | --- | --- |',
    ...targets.map((f) => `| ${cell(f.target!.text)} | ${cell(f.value)} | ${f.target!.met ? 'met' : '**missed**'} |`),
    '',
    '## Figures',
    '',
    '| | measurement | median | runs |',
    '| --- | --- | --- | --- |',
    ...input.figures.map((f) => `| ${f.section} | ${cell(f.name)} | ${cell(f.value)} | ${cell(f.runs.join('; '))} |`),
    '',
    ...(input.notes.length > 0 ? ['## Notes', '', ...input.notes.map((note) => `- ${note}`), ''] : []),
    '## The in-process runtime (`npm run bench:node`)',
    '',
    '```',
    input.nodeBench.trim(),
    '```',
    '',
    input.analysis.trim(),
    '',
  ].join('\n');
  return { table, markdown };
}
