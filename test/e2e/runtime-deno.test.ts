// tokenHandler under Deno (@deno/linux-x64-glibc from npm): the Deno block of docs/web-runtimes.md,
// verbatim, served by Deno.serve with gemtoken resolved from the project's node_modules; the guarded
// handler the same way. test/helpers/runtime-suite.ts says what each runtime test checks.
import { describeRuntime } from '../helpers/runtime-suite.js';
import { serveBlockAndGuarded } from '../helpers/runtime-script.js';
import { DENO, requireRuntime } from '../helpers/runtimes.js';

const GUARDED = `import { tokenHandler } from 'gemtoken/fetch';
Deno.serve(
  { port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(\`guarded at http://127.0.0.1:\${port}/token\`) },
  tokenHandler({ ...JSON.parse(Deno.env.get('GEMTOKEN_HANDLER_OPTIONS')), path: '/token' }),
);
`;
/** What \`deno run\` needs and no more: the network and the variables; no update check, caches in HOME. */
const DENO_ARGS = ['run', '--allow-net', '--allow-env'];
const DENO_ENV = { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', NO_COLOR: '1' };

describeRuntime({
  name: 'Deno (Deno.serve)',
  test: 'test/e2e/runtime-deno.test.ts',
  section: 'Deno',
  missing: requireRuntime([DENO], 'npm ci installs @deno/linux-x64-glibc on Linux x64'),
  serve: (block, env, guarded) =>
    serveBlockAndGuarded(
      { binary: DENO, args: DENO_ARGS, env: DENO_ENV },
      // Deno.serve prints the origin it listens on; the block's handler answers at /token.
      { file: 'main.ts', text: block, env, ready: /Listening on http:\/\/\S+ \((http:\/\/\S+?)\/?\)/, path: '/token' },
      { text: GUARDED, options: guarded },
    ),
});
