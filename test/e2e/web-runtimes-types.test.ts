// The blocks of docs/web-runtimes.md whose types are installed here type-check under `strict`
// against the built gemtoken/fetch declarations, as a reader's editor and build would check them:
// the Next.js route and the Hono server (with Node's types), and the page (with the SDK's browser
// types). The runtime tests run them but strip their types unchecked (next build here too: React's
// types are not a dependency). The Bun, Deno and Workers blocks need their platform's types
// (bun-types, Deno's lib, @cloudflare/workers-types), which are not dependencies either.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { blockSection, fileBlocks } from '../helpers/readme-blocks.js';
import { runToEnd, userProject } from '../helpers/runtime-server.js';

const PAGE = 'docs/web-runtimes.md';
const block = (section: string): string => {
  const found = fileBlocks(PAGE).filter((b) => blockSection(b) === section);
  expect(found, `${PAGE} "${section}"`).toHaveLength(1);
  return found[0]!.body;
};
const STRICT = { strict: true, target: 'es2022', noEmit: true, skipLibCheck: true };
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe(`${PAGE}: the typed blocks`, () => {
  it('type-check under strict: the Next.js route, the Hono server and the page', async () => {
    // One program for all three (one tsc start): a bundler's resolution, Node's types and the DOM's.
    const config = {
      compilerOptions: {
        ...STRICT,
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['es2022', 'dom'],
        types: ['node'],
      },
      files: ['app/api/token/route.ts', 'server.ts', 'live.ts'],
    };
    const project = userProject(
      {
        'app/api/token/route.ts': block('Next.js'),
        'server.ts': block('Hono on Node'),
        'live.ts': block('The page'),
        'tsconfig.json': JSON.stringify(config),
      },
      ['hono', '@hono/node-server', '@types/node', '@google/genai'],
    );
    try {
      await runToEnd(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project.dir, timeoutMs: 60_000 });
    } finally {
      project.remove();
    }
  }, 90_000);
});
