/**
 * The JavaScript a first paint costs (issue 17, Speed: at most 200 KiB gzip): the scripts the built
 * index.html loads eagerly (its module script and its modulepreload links) and every chunk they
 * import statically, each gzipped on its own as a server sends it. A chunk reached only by a
 * dynamic import() (the terminal, the chaos tab, the lessons, the lab) is not counted: it is fetched
 * when first opened. Read from dist/ after `vite build`, so the figure is deterministic.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for a first paint's JavaScript, gzip. */
export const FIRST_PAINT_BUDGET_BYTES = 200 * 1024;

export interface FirstPaintJs {
  /** The chunks, relative to dist/, in the order they were found. */
  files: string[];
  gzipBytes: number;
  rawBytes: number;
}

/** `<script type="module" src>` and `<link rel="modulepreload" href>` of index.html. */
const EAGER_IN_HTML = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"|<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g;
/** A static import or re-export of another chunk: `import ... from "./x.js"`, `import "./x.js"`, `export ... from "./x.js"`; never `import("./x.js")`. */
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

export function firstPaintJs(distDir: string): FirstPaintJs {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const pending = [...html.matchAll(EAGER_IN_HTML)].map((m) => normalize(m[1] ?? m[2]));
  const files: string[] = [];
  let gzipBytes = 0;
  let rawBytes = 0;
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    const bytes = readFileSync(join(distDir, file));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
    for (const m of bytes.toString('utf8').matchAll(STATIC_IMPORT)) {
      pending.push(relative(distDir, join(distDir, dirname(file), m[1])));
    }
  }
  return { files, gzipBytes, rawBytes };
}
