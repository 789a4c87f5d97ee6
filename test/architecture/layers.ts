/**
 * The architecture's rules as code, for test/architecture/layers.test.ts: the layers and which
 * may import which (docs/ARCHITECTURE.md draws them), the import graph of the tree, its circles,
 * and the calls the engine must never make (it is handed a Clock, a Random, a Transport and a
 * LogStore instead). Pure functions over file names and sources, so each rule can also be shown
 * to fail on a made-up tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Each layer may import only from layers further down this list; layers on one line are peers that
 * must not import each other. Entry points (src/main.ts, src/index.ts) sit above everything.
 */
export const LAYERS: readonly (readonly string[])[] = [
  // src/node: Node-only code (TCP listeners for the wire gateway) over the in-process runtime; at the
  // top beside the page, so that nothing the page bundles can import Node's net module.
  ['src/ui', 'workers', 'src/node'],
  // src/lab: the lab (`?lab`), the in-process runtime paced in a worker and the page's view of it;
  // over src/sim, which it builds on, and under the page that draws it.
  ['src/lab'],
  ['src/runtime', 'src/sim'],
  // src/gateway: Kafka's wire protocol in front of any cluster's brokers (connections, framing); pure,
  // so either runtime can be served through it.
  ['src/gateway'],
  // src/lessons: guided lessons over the cluster contract, the clients and the workloads; pure, so the
  // same lesson runs in the page and in a Node test.
  ['src/shell', 'src/chaos', 'src/lessons'],
  ['src/workload'],
  ['src/cluster'],
  ['src/client', 'src/controller', 'src/broker'],
  ['src/group'],
  ['src/protocol'],
  ['src/core'],
];

/** The folders that must stay deterministic and free of browser APIs: the engine, and the runtime-neutral layers on it. */
export const PURE_FOLDERS = [
  'src/core',
  'src/protocol',
  'src/broker',
  'src/controller',
  'src/group',
  'src/client',
  'src/cluster',
  'src/chaos',
  'src/gateway',
  'src/lessons',
];

/** Globals whose use in a pure folder is a wall-clock read, a random draw, a real timer, or a browser or storage API. */
export const IMPURE_GLOBALS = [
  'Date',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'performance',
  'indexedDB',
  'Worker',
  'SharedWorker',
  'MessageChannel',
  'document',
  'window',
  'navigator',
  'localStorage',
  'requestAnimationFrame',
  'crypto',
  'process',
];

export interface Layered {
  /** Index in LAYERS, or -1 for an entry point above every layer. */
  rank: number;
  name: string;
}

/** The layer a file (repository-relative path) belongs to; null for a file outside every layer. */
export function layerOf(file: string): Layered | null {
  if (file === 'src/main.ts' || file === 'src/index.ts') return { rank: -1, name: file };
  for (let rank = 0; rank < LAYERS.length; rank++) {
    for (const name of LAYERS[rank]) if (file === name || file.startsWith(`${name}/`)) return { rank, name };
  }
  return null;
}

/** Why an import from `from` to `to` breaks the layering, or null if it may. */
export function layeringViolation(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === null || b === null || a.name === b.name) return null;
  if (b.rank === -1) return `${from} imports the entry point ${to}`;
  if (a.rank === b.rank) return `${from} imports ${to}: ${a.name} and ${b.name} are peers`;
  if (a.rank > b.rank) return `${from} imports ${to}: ${a.name} is below ${b.name}`;
  return null;
}

/** Every circle in a graph (Tarjan's strongly connected components with more than one file, or one that imports itself). */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return circles;
}

/**
 * The impure globals a source uses, with their lines: references to a name in IMPURE_GLOBALS (not a
 * property `x.window`, a key `{ window: 1 }` or a declaration), and `Math.random`. The TypeScript
 * parser reads the source, so comments and strings never count.
 */
export function impureUses(source: string): { name: string; line: number }[] {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number }[] = [];
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const isNameOfParent = (node: ts.Identifier) => {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
    if (ts.isQualifiedName(parent)) return parent.right === node;
    return (
      (ts.isPropertyAssignment(parent) ||
        ts.isPropertySignature(parent) ||
        ts.isPropertyDeclaration(parent) ||
        ts.isMethodDeclaration(parent) ||
        ts.isMethodSignature(parent) ||
        ts.isVariableDeclaration(parent) ||
        ts.isParameter(parent) ||
        ts.isBindingElement(parent) ||
        ts.isFunctionDeclaration(parent) ||
        ts.isClassDeclaration(parent) ||
        ts.isImportSpecifier(parent) ||
        ts.isTypeAliasDeclaration(parent) ||
        ts.isInterfaceDeclaration(parent)) &&
      parent.name === node
    );
  };
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && IMPURE_GLOBALS.includes(node.text) && !isNameOfParent(node)) {
      found.push({ name: node.text, line: lineOf(node) });
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Math' &&
      node.name.text === 'random'
    ) {
      found.push({ name: 'Math.random', line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** Every TypeScript and Svelte file under the given folders, repository-relative. */
export function sourceFiles(folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) files.push(relative(ROOT, path));
    }
  };
  for (const folder of folders) walk(join(ROOT, folder));
  return files.sort();
}

export function readSource(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** The files a file imports (relative imports only, resolved to repository-relative paths; types count too). */
export function importsOf(file: string, source = readSource(file)): string[] {
  const script = file.endsWith('.svelte') ? svelteScripts(source) : source;
  const imported = ts.preProcessFile(script, true, true).importedFiles.map((f) => f.fileName);
  return imported.filter((spec) => spec.startsWith('.')).map((spec) => resolveImport(file, spec));
}

export function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((file) => [file, importsOf(file)]));
}

function resolveImport(from: string, spec: string): string {
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec.replace(/\?.*$/, '')));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return base;
}

function svelteScripts(source: string): string {
  return [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}
