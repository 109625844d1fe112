// The shape of src/: no import cycle (a module can be read, tested and loaded without the modules
// that import it), imports that point down the layers of docs/architecture.md (a base that reaches up
// is a base nobody can reuse without the rest), and no file over 250 lines as Prettier prints it
// (.prettierrc.json), so a file is one concept a reader can hold. Every relative import counts,
// `import type` and dynamic import() included: a cycle or an upward reach through a lazy import is
// still one for the reader.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const MAX_LINES = 250;

/**
 * The layers of src/, lowest first (docs/architecture.md): a file imports its own layer or one below.
 * A folder ends in `/`. Every file belongs to exactly one, so a new top-level module is placed on purpose.
 */
export const LAYERS: readonly { readonly name: string; readonly members: readonly string[] }[] = [
  {
    name: 'base',
    members: [
      ...['errors', 'printable', 'clock', 'redact', 'secret-forms', 'skeleton', 'bounded-read'].map((n) => `${n}.ts`),
      ...['file-streams', 'graceful-close', 'listen-error', 'model', 'config', 'version'].map((n) => `${n}.ts`),
      ...['suggest', 'read-error'].map((n) => `${n}.ts`),
      'parse/',
      'children/',
    ],
  },
  { name: 'core', members: ['token/', 'audio/', 'emulator/'] },
  { name: 'core over the audio ports and token/', members: ['live/', 'mint-token.ts'] },
  { name: 'the token endpoint', members: ['serve/'] },
  { name: 'the library', members: ['index.ts', 'testing.ts'] },
  { name: 'shell: the composition root and the terminal', members: ['context.ts', 'terminal/'] },
  { name: 'shell: commands', members: ['commands/'] },
  { name: 'shell: the program', members: ['cli.ts', 'cli-fast-path.ts', 'commander-errors.ts'] },
];

/**
 * Imports that still point up, each with what would fix it. An entry that no longer occurs fails the
 * test, so the list only shrinks.
 */
const UPWARD_EXCEPTIONS: readonly string[] = [];

/** The index of the layer `file` (relative to the repository) belongs to, or undefined. */
export function layerOf(file: string): number | undefined {
  const inSrc = path.relative('src', file).split(path.sep).join('/');
  const matches = LAYERS.flatMap((layer, index) =>
    layer.members.some((m) => (m.endsWith('/') ? inSrc.startsWith(m) : inSrc === m)) ? [index] : [],
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/** Every import from a lower layer to a higher one, as `from → to (layer → layer)`. */
export function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets
      .filter((target) => (layerOf(target) ?? -1) > (layerOf(file) ?? Infinity))
      .map((target) => `${file} → ${target}`),
  );
}

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

  it('places every file in exactly one layer', () => {
    expect([...importGraph().keys()].filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it('imports only from its own layer or below', () => {
    const upward = upwardImports(importGraph());
    expect(upward.filter((edge) => !UPWARD_EXCEPTIONS.includes(edge))).toEqual([]);
    expect(UPWARD_EXCEPTIONS.filter((edge) => !upward.includes(edge))).toEqual([]);
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

  it.each([
    ['src/errors.ts', 'base'],
    ['src/parse/json.ts', 'base'],
    ['src/emulator/live/session.ts', 'core'],
    ['src/live/wire/decode.ts', 'core over the audio ports and token/'],
    ['src/context.ts', 'shell: the composition root and the terminal'],
    ['src/cli.ts', 'shell: the program'],
  ])('puts %s in %s', (file, name) => expect(LAYERS[layerOf(file)!]?.name).toBe(name));

  it('finds an upward import, type-only ones too, and lets a downward or same-layer one pass', () => {
    const graph = new Map([
      ['src/config.ts', ['src/token/client/http-request.ts', 'src/errors.ts']],
      ['src/terminal/ui.ts', ['src/context.ts', 'src/commands/host.ts']],
      ['src/live/wire/decode.ts', ['src/audio/ports.ts', 'src/parse/json.ts']],
    ]);
    expect(upwardImports(graph)).toEqual([
      'src/config.ts → src/token/client/http-request.ts',
      'src/terminal/ui.ts → src/commands/host.ts',
    ]);
  });

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
