// The web runtimes the runtime tests start, all from npm (devDependencies): Bun and Deno as
// binaries of their platform packages, workerd through miniflare, Node frameworks as packages. On
// a machine without one (another platform) its test skips saying why; under
// GEMTOKEN_REQUIRE_TOOLS=1 (CI) the same absence fails it (test/helpers/tools.ts).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';
import { skipUnlessRequired } from './tools.js';

export const BUN = path.join(ROOT, 'node_modules/@oven/bun-linux-x64/bin/bun');
export const DENO = path.join(ROOT, 'node_modules/@deno/linux-x64-glibc/deno');

/** Undefined when every file is there (a runtime's binary, a package's entry); otherwise why not. */
export function requireRuntime(files: readonly string[], install: string): string | undefined {
  const missing = files.filter((file) => !existsSync(file)).map((file) => path.relative(ROOT, file));
  return skipUnlessRequired(missing.length === 0 ? undefined : `${missing.join(', ')} missing (${install})`);
}
