// gemtoken/fetch runs where there is no `node:` (Cloudflare Workers, Deno, Bun, the browser-like
// runtimes): every module src/fetch.ts loads, followed through its static value imports, imports no
// `node:` module, and neither does a module it loads. Type-only imports are erased and not followed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

const STATEMENT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^;'"]*?from\s*)?['"]([^'"]+)['"]/g;

/** Each loaded module → the `node:` or bare specifiers it imports, with the chain that reached it. */
export function loadedModules(entry: string, read = (file: string) => readFileSync(file, 'utf8')) {
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const outside: { module: string; specifier: string; chain: string[] }[] = [];
  for (const [file, chain] of reached) {
    for (const [, , typeOnly, specifier] of read(path.join(ROOT, file)).matchAll(STATEMENT)) {
      if (!specifier!.startsWith('.')) {
        outside.push({ module: file, specifier: specifier!, chain });
        continue;
      }
      if (typeOnly) continue;
      const target = path.posix.join(path.posix.dirname(file), specifier!.replace(/\.js$/, '.ts'));
      if (!reached.has(target)) reached.set(target, [...chain, target]);
    }
  }
  return { modules: [...reached.keys()], outside };
}

describe('gemtoken/fetch: no node: module on its import path', () => {
  it('src/fetch.ts reaches no node: module (nor any package)', () => {
    const { modules, outside } = loadedModules('src/fetch.ts');
    expect(outside.map(({ specifier, chain }) => `${chain.join(' → ')} imports ${specifier}`)).toEqual([]);
    // The walk does reach the mint, the core and redaction: it followed the real graph.
    expect(modules).toEqual(
      expect.arrayContaining(['src/serve/token-core.ts', 'src/mint-token.ts', 'src/redact.ts', 'src/bounded-reply.ts']),
    );
  });

  it('finds a node: import two modules down', () => {
    const files: Record<string, string> = {
      'src/a.ts': "import { b } from './b.js';\nimport type { T } from './t.js';\n",
      'src/b.ts': "export { c } from './c.js';\n",
      'src/c.ts': "import { readFile } from 'node:fs/promises';\n",
      'src/t.ts': "import type { Server } from 'node:http';\n",
    };
    const { outside } = loadedModules('src/a.ts', (file) => files[path.relative(ROOT, file)]!);
    expect(outside.map((o) => `${o.chain.join(' → ')} imports ${o.specifier}`)).toEqual([
      'src/a.ts → src/b.ts → src/c.ts imports node:fs/promises',
    ]);
  });
});
