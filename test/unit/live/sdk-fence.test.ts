// One adapter file loads @google/genai for live sessions. Lint enforces this too; this
// check needs no ESLint and also catches require() and dynamic imports hidden in strings.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

// A runtime load: `import … from '@google/genai'` (not `import type`), `import('@google/genai')`, require.
const RUNTIME_LOAD =
  /(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s*['"]@google\/genai['"]|import\(\s*['"]@google\/genai['"]\s*\)|require\(\s*['"]@google\/genai['"]\s*\)/;

describe('@google/genai fence', () => {
  it('only src/live/transport/sdk-transport.ts loads the SDK at runtime', () => {
    const loaders = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => RUNTIME_LOAD.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(loaders).toEqual([path.join('src', 'live', 'transport', 'sdk-transport.ts')]);
  });

  it.each([
    ["import { GoogleGenAI } from '@google/genai';", true],
    ["const { GoogleGenAI } = await import('@google/genai');", true],
    ["import type { LiveConnectConfig } from '@google/genai';", false],
    ['// the SDK (@google/genai) is loaded elsewhere', false],
  ])('detects %s → %s', (line, loads) => expect(RUNTIME_LOAD.test(line)).toBe(loads));
});
