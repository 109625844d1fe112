// tokenHandler under Bun (@oven/bun-linux-x64 from npm): the Bun block of docs/web-runtimes.md,
// verbatim, served by Bun.serve; the guarded handler the same way. test/helpers/runtime-suite.ts
// says what each runtime test checks.
import { describeRuntime } from '../helpers/runtime-suite.js';
import { startGroup, startServer, userProject } from '../helpers/runtime-server.js';
import { BUN, requireRuntime } from '../helpers/runtimes.js';

const GUARDED = `import { tokenHandler } from 'gemtoken/fetch';
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: tokenHandler({ ...JSON.parse(process.env.GEMTOKEN_HANDLER_OPTIONS), path: '/token' }),
});
console.log('guarded at ' + server.url + 'token');
`;

describeRuntime({
  name: 'Bun (Bun.serve)',
  test: 'test/e2e/runtime-bun.test.ts',
  section: 'Bun',
  missing: requireRuntime([BUN], 'npm ci installs @oven/bun-linux-x64 on Linux x64'),
  async serve(block, env, guarded) {
    const project = userProject({ 'server.ts': block, 'guarded.ts': GUARDED });
    const group = await startGroup(
      [project],
      [
        // PORT=0: Bun.serve reads $PORT, and 0 is any free port.
        startServer(BUN, ['run', 'server.ts'], {
          cwd: project.dir,
          env: { ...env, PORT: '0' },
          ready: /tokens at (\S+)/,
        }),
        startServer(BUN, ['run', 'guarded.ts'], {
          cwd: project.dir,
          env: { GEMTOKEN_HANDLER_OPTIONS: JSON.stringify(guarded) },
          ready: /guarded at (\S+)/,
        }),
      ],
    );
    return { ...group, tokenUrl: group.servers[0]!.url, guardedUrl: group.servers[1]!.url };
  },
});
