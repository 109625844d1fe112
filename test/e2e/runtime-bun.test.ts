// tokenHandler under Bun (@oven/bun-linux-x64 from npm): the Bun block of docs/web-runtimes.md,
// verbatim, served by Bun.serve; the guarded handler the same way. test/helpers/runtime-suite.ts
// says what each runtime test checks.
import { describeRuntime } from '../helpers/runtime-suite.js';
import { serveBlockAndGuarded } from '../helpers/runtime-script.js';
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
  serve: (block, env, guarded) =>
    serveBlockAndGuarded(
      { binary: BUN, args: ['run'] },
      // Bun.serve reads $PORT, and the helper's 0 is any free port.
      { file: 'server.ts', text: block, env, ready: /tokens at (\S+)/ },
      { text: GUARDED, options: guarded },
    ),
});
