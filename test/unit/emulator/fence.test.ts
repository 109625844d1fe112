// The emulator imports no runtime code from the client side, so a bug in our own
// protocol code cannot be mirrored on both sides and pass. Every relative import under
// src/emulator/ is resolved; only type-only imports may leave the folder (and redact.ts, the
// one secret-scrubbing rule every log line of the project shares, and a few generic, protocol-free
// mechanisms every boundary goes through: see SHARED).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

const EMULATOR = path.join(ROOT, 'src', 'emulator');
const SHARED = [
  'redact.ts',
  // The one depth-safe parser for JSON and YAML from outside.
  ...['json.ts', 'json-syntax.ts', 'result.ts', 'value-depth.ts', 'yaml.ts'].map((name) => path.join('parse', name)),
  // The one reader of a picture's header (JPEG, PNG): what a frame shows, to the emulator and to talk's label.
  path.join('parse', 'image-header.ts'),
  // The one way every server of the project stops.
  'graceful-close.ts',
  // The one byte-capped reader for every byte from outside.
  'bounded-read.ts',
  // The one "did you mean …?" rule for every unknown name.
  'suggest.ts',
  // The one rule for optional fields: an unset one is no key at all.
  'defined-props.ts',
].map((file) => path.join(ROOT, 'src', file));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative specifiers of runtime imports: static (not `import type`), re-exports and dynamic. */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(
    /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?from\s*)?['"](\.[^'"]+)['"]/g,
  ))
    found.push(match[1]!);
  for (const match of source.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

describe('emulator fence', () => {
  it('no file under src/emulator/ loads client-side code at runtime', () => {
    const crossings = sourceFiles(EMULATOR).flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'))
        .filter((target) => !target.startsWith(EMULATOR + path.sep) && !SHARED.includes(target))
        .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it.each([
    ["import { buildSetupMessage } from '../../live/wire/setup-message.js';", ['../../live/wire/setup-message.js']],
    ["import type { Setup } from '../../live/wire/wire-types.js';", []],
    ["export { startEmulator } from './index.js';", ['./index.js']],
    ["const m = await import('../../model.js');", ['../../model.js']],
  ])('reads %s', (line, expected) => expect(runtimeImports(line)).toEqual(expected));
});
