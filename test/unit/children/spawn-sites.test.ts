// "Child processes live in one place that every path goes through": only src/children/ may start a
// process (node:child_process at runtime), so no path can give a child our environment by
// forgetting the allow-list; the one package that spawns on its own (`mic`) is loaded only by the
// microphone adapter, which starts it through the launcher's during().
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const CHILDREN = path.join(SRC, 'children');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Runtime (not `import type`) imports of child_process, static or dynamic, and require()s of it. */
export function startsProcesses(source: string): boolean {
  const staticImport = /(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s*['"](?:node:)?child_process['"]/;
  const dynamic = /(?:import|require)\(\s*['"](?:node:)?child_process['"]\s*\)/;
  return staticImport.test(source) || dynamic.test(source);
}

describe('spawn sites', () => {
  it('only src/children/ imports child_process at runtime', () => {
    const outside = sourceFiles(SRC)
      .filter((file) => !file.startsWith(CHILDREN + path.sep) && startsProcesses(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(outside).toEqual([]);
  });

  it('mic is loaded only by the microphone adapter, which starts it through the launcher', () => {
    const loaders = sourceFiles(SRC).filter((file) =>
      /import\(\s*['"]mic['"]\s*\)|from\s*['"]mic['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(loaders.map((file) => path.relative(ROOT, file))).toEqual(['src/audio/devices/mic-input.ts']);
    expect(readFileSync(loaders[0]!, 'utf8')).toMatch(/children\.during\(\(\) => instance\.start\(\)\)/);
  });

  it.each([
    ["import { spawn } from 'node:child_process';", true],
    ["import type { ChildProcess } from 'node:child_process';", false],
    ["const { execFile } = await import('child_process');", true],
    ["require('node:child_process')", true],
    ["import { spawn } from 'node:cluster';", false],
  ])('reads %s', (line, expected) => expect(startsProcesses(line)).toBe(expected));
});
