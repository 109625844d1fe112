// The walk behind test/unit/import-graph.test.ts: every relative import in src/, as a graph of files
// relative to the repository, and the questions the test asks of it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

const SRC = path.join(ROOT, 'src');

/**
 * Files under `minLines` lines that exactly one file imports, leaving out what may stand alone:
 * a type-only module (every export a type or an interface, so it costs nothing at run time and can
 * sit below both sides), a command's `command.ts` (the program's entry into the command) and a file
 * loaded only through import() (kept apart so startup does not load it).
 */
export function smallWithOneImporter(
  graph: ReadonlyMap<string, readonly string[]>,
  minLines: number,
  read: (file: string) => string,
): string[] {
  const importers = new Map<string, Set<string>>();
  for (const [file, targets] of graph)
    for (const target of targets) importers.set(target, (importers.get(target) ?? new Set()).add(file));
  return [...graph.keys()].sort().filter((file) => {
    const only = [...(importers.get(file) ?? [])];
    if (only.length !== 1 || /^src\/commands\/[^/]+\/command\.ts$/.test(file)) return false;
    const source = read(file);
    if (source.split('\n').length - 1 >= minLines || typeOnly(source)) return false;
    return !lazyOnly(read(only[0]!), path.relative(path.dirname(only[0]!), file));
  });
}

/** Every export is a type or an interface (a port's or a shared shape's module). */
function typeOnly(source: string): boolean {
  return !/^export\s+(?!type\b|interface\b)/m.test(source);
}

/** `importer` reaches `relative` (e.g. `run.ts`, `../x/y.ts`) through import() only. */
function lazyOnly(importer: string, relative: string): boolean {
  const spec = relative.replace(/\.ts$/, '.js');
  const specs = (from: readonly string[]) => from.map((s) => s.replace(/^\.\//, ''));
  const all = specs(relativeImports(importer));
  const lazy = specs([...importer.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1]!));
  return lazy.includes(spec) && all.filter((s) => s === spec).length === lazy.filter((s) => s === spec).length;
}

export function sourceFiles(dir: string): string[] {
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

export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((spec) =>
      path.relative(ROOT, path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts')),
    );
    graph.set(path.relative(ROOT, file), targets);
  }
  return graph;
}
