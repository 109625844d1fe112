// The shape of src/: no import cycle (a module can be read, tested and loaded without the modules
// that import it) and no file over 250 lines as Prettier prints it (.prettierrc.json), so a file is
// one concept a reader can hold. Every relative
// import counts, `import type` and dynamic import() included: a cycle through a lazy import is still
// a cycle for the reader.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const MAX_LINES = 250;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative specifiers: static imports and re-exports (type-only too) and dynamic import(). */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:[^;'"]*?from\s*)?['"](\.[^'"]+)['"]/g))
    found.push(match[1]!);
  for (const match of source.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** Every cycle found by a depth-first walk, each as the chain of files from its first to itself. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      cycles.push([...stack.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    stack.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    stack.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return cycles;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((spec) =>
      path.relative(ROOT, path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts')),
    );
    graph.set(path.relative(ROOT, file), targets);
  }
  return graph;
}

describe('src/ import graph', () => {
  it('every relative import names a file that exists', () => {
    const graph = importGraph();
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !graph.has(t)).map((t) => `${file} → ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no cycle', () => {
    expect(findCycles(importGraph()).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = sourceFiles(SRC)
      .map((file) => ({ file: path.relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines}`);
    expect(long).toEqual([]);
  });
});

describe('the walk itself', () => {
  it.each([
    ["import { a } from './a.js';", ['./a.js']],
    ["import type { B } from '../b.js';", ['../b.js']],
    ["export { c } from './c.js';", ['./c.js']],
    ["export * from './d.js';", ['./d.js']],
    ["import './e.js';", ['./e.js']],
    ["const f = await import('./f.js');", ['./f.js']],
    ["import { Command } from 'commander';", []],
  ])('reads %s', (line, expected) => expect(relativeImports(line)).toEqual(expected));

  it('finds a cycle through any number of files, and none in a diamond', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c', 'a']]);
    const diamond = new Map([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', ['d']],
      ['d', []],
    ]);
    expect(findCycles(diamond)).toEqual([]);
  });
});
