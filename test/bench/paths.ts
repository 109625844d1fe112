// Where the package lives (the bench runs compiled from a cache folder, so find the root by its
// package.json), and the scrubbed environment every spawned process starts from.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gemtoken')
      return dir;
    if (path.dirname(dir) === dir) throw new Error('bench: cannot find the gemtoken package root');
  }
}

// The checkout `npm run bench` runs in (npm's cwd) comes first. The compiled bench sits in
// node_modules/.cache, and in a git worktree whose node_modules is a symlink to the main checkout's,
// the walk up from the real path of this file ends in the main checkout: the bench then measured
// that checkout's dist/ and bin/, not the worktree's (a bench run once measured the wrong build that way).
const fromCwd = ((): string | undefined => {
  try {
    return findRoot(process.cwd()) === process.cwd() ? process.cwd() : undefined;
  } catch {
    return undefined;
  }
})();
export const ROOT = fromCwd ?? findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const BIN = path.join(ROOT, 'bin', 'gemtoken.js');
export const PEERS = path.join(ROOT, 'test', 'bench', 'peers');

export function benchEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...extra };
}
