/**
 * The architecture holds: imports point down the layers (docs/ARCHITECTURE.md), nothing imports in a
 * circle, and the engine and the runtime-neutral layers never read the wall clock, draw
 * Math.random(), start real timers or touch a browser API. tsconfig.engine.json makes the compiler
 * say the same for types (no DOM, no Node). Each rule is also shown failing on a made-up tree.
 */
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, impureUses, layeringViolation, PURE_FOLDERS, readSource, sourceFiles } from './layers';

const files = sourceFiles(['src', 'workers']);
const graph = importGraph(files);

describe('architecture > layers', () => {
  it('has no import that points up a layer or across to a peer', () => {
    const violations = [...graph].flatMap(([from, imports]) => imports.map((to) => layeringViolation(from, to)).filter((v) => v !== null));
    expect(violations).toEqual([]);
  });

  it('has no import circle', () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it('never reads the clock, draws Math.random(), starts a real timer or touches a browser API in the engine and the layers on it', () => {
    const uses = files
      .filter((file) => PURE_FOLDERS.some((folder) => file.startsWith(`${folder}/`)))
      .flatMap((file) => impureUses(readSource(file)).map(({ name, line }) => `${file}:${line} ${name}`));
    expect(uses).toEqual([]);
  });

  it('keeps the in-process and browser runtimes apart: each is built only where it is constructed', () => {
    const importers = (target: string) => [...graph].filter(([, imports]) => imports.includes(target)).map(([from]) => from);
    expect(importers('src/runtime/browser-cluster.ts').filter((f) => !f.startsWith('src/runtime/') && !f.startsWith('workers/'))).toEqual(
      [],
    );
    // src/node/wire-cluster.ts adds the TCP listeners to the cluster src/sim/create-cluster.ts builds, for the Node entry;
    // src/lab/lab-engine.ts paces the cluster createCluster({ clock: 'paced' }) builds, in the lab worker.
    expect(
      importers('src/sim/in-process-cluster.ts').filter(
        (f) => !f.startsWith('src/sim/') && f !== 'src/index.ts' && f !== 'src/node/wire-cluster.ts' && f !== 'src/lab/lab-engine.ts',
      ),
    ).toEqual([]);
  });

  it('would catch an upward import, a peer import, a circle and an impure call (the rules can fail)', () => {
    expect(layeringViolation('src/broker/partition.ts', 'src/sim/virtual-clock.ts')).toBe(
      'src/broker/partition.ts imports src/sim/virtual-clock.ts: src/broker is below src/sim',
    );
    expect(layeringViolation('src/client/kafka.ts', 'src/broker/broker.ts')).toBe(
      'src/client/kafka.ts imports src/broker/broker.ts: src/client and src/broker are peers',
    );
    expect(layeringViolation('src/sim/driver.ts', 'src/index.ts')).toBe('src/sim/driver.ts imports the entry point src/index.ts');
    expect(layeringViolation('src/ui/App.svelte', 'src/cluster/timeline.ts')).toBeNull();
    expect(
      importCircles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', ['a.ts']],
          ['d.ts', ['a.ts']],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    const source = [
      '// Date.now() in a comment is not code',
      "const text = 'setTimeout in a string';",
      'const started = Date.now();',
      'const draw = Math.random();',
      'setTimeout(() => undefined, 5);',
      'const options = { window: 1, document: text };',
      'const ok = options.window + options.document;',
    ].join('\n');
    expect(impureUses(source)).toEqual([
      { name: 'Date', line: 3 },
      { name: 'Math.random', line: 4 },
      { name: 'setTimeout', line: 5 },
    ]);
  });
});
