// tokenHandler under Node with Hono on @hono/node-server: the Hono block of docs/web-runtimes.md,
// verbatim (its types stripped by esbuild, as tsx or a build step would for Node 20), run by the
// Node running this suite; the guarded handler mounted the same way on every path.
// test/helpers/runtime-suite.ts says what each runtime test checks.
import path from 'node:path';
import { transformSync } from 'esbuild';
import { ROOT } from '../helpers/cli.js';
import { describeRuntime } from '../helpers/runtime-suite.js';
import { startGroup, startServer, userProject } from '../helpers/runtime-server.js';
import { requireRuntime } from '../helpers/runtimes.js';

const GUARDED = `import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { tokenHandler } from 'gemtoken/fetch';
const token = tokenHandler(JSON.parse(process.env.GEMTOKEN_HANDLER_OPTIONS));
const app = new Hono();
app.all('/api/token', (c) => token(c.req.raw));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  console.log(\`guarded at http://127.0.0.1:\${info.port}/api/token\`),
);
`;
const PACKAGES = ['hono', '@hono/node-server'];
const toJs = (ts: string): string => transformSync(ts, { loader: 'ts', format: 'esm' }).code;

describeRuntime({
  name: 'Node (Hono on @hono/node-server)',
  test: 'test/e2e/runtime-hono.test.ts',
  section: 'Hono on Node',
  missing: requireRuntime(
    PACKAGES.map((name) => path.join(ROOT, 'node_modules', name, 'package.json')),
    'npm ci installs hono and @hono/node-server',
  ),
  // Hono routes the other paths (its own 404).
  frameworkRoutes: true,
  async serve(block, env, guarded) {
    const project = userProject({ 'server.mjs': toJs(block), 'guarded.mjs': GUARDED }, PACKAGES);
    const group = await startGroup(
      [project],
      [
        startServer(process.execPath, ['server.mjs'], {
          cwd: project.dir,
          env: { ...env, PORT: '0' },
          ready: /tokens at (\S+)/,
        }),
        startServer(process.execPath, ['guarded.mjs'], {
          cwd: project.dir,
          env: { GEMTOKEN_HANDLER_OPTIONS: JSON.stringify(guarded) },
          ready: /guarded at (\S+)/,
        }),
      ],
    );
    return { ...group, tokenUrl: group.servers[0]!.url, guardedUrl: group.servers[1]!.url };
  },
});
