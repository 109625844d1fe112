// gemtoken/fetch as a Worker or an edge function gets it: dist/fetch.js bundled by esbuild for the
// `neutral` platform (no Node built-ins, nothing external). It must bundle at all (a `node:` import
// fails the build), carry no SDK, and its size is printed for the record (minified and gzipped).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const ENTRY = path.join(ROOT, 'dist', 'fetch.js');

async function bundle(minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('gemtoken/fetch bundled for the neutral platform', () => {
  it('bundles with no Node built-in and no SDK; prints its size', async () => {
    expect(existsSync(ENTRY), 'run npm run build first').toBe(true);
    const [plain, minified] = await Promise.all([bundle(false), bundle(true)]);
    expect(plain).not.toMatch(/["']node:/);
    expect(plain).not.toContain('@google/genai');
    expect(plain).toContain('function tokenHandler(');
    const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `gemtoken/fetch bundle (esbuild, platform neutral): ${kib(plain.length)}, minified ${kib(minified.length)}, minified+gzip ${kib(gzipSync(minified).length)}`,
    );
  });
});
