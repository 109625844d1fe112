// tokenHandler under Next.js: the route handler of docs/web-runtimes.md, verbatim, as
// app/api/token/route.ts of an App Router project, built once by `next build` (without the key, as
// a CI build is) and served by `next start`; the guarded handler as a second route of the same app.
// test/helpers/runtime-suite.ts says what each runtime test checks.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { describeRuntime } from '../helpers/runtime-suite.js';
import { runToEnd, startGroup, startServer, userProject } from '../helpers/runtime-server.js';
import { requireRuntime } from '../helpers/runtimes.js';

const GUARDED = `import { tokenHandler, type TokenHandler } from 'gemtoken/fetch';

let handler: TokenHandler | undefined;
export function POST(request: Request): Promise<Response> {
  handler ??= tokenHandler(JSON.parse(process.env.GEMTOKEN_HANDLER_OPTIONS!));
  return handler(request);
}
export { POST as GET, POST as PUT, POST as PATCH, POST as DELETE, POST as HEAD, POST as OPTIONS };
`;
const PACKAGES = ['next', 'react', 'react-dom', 'typescript', '@types/node'];
const NEXT = path.join('node_modules', 'next', 'dist', 'bin', 'next');
/** No telemetry, no prompts. */
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' };

/** The closest folder holding every path: Turbopack compiles nothing outside its root, and the packages are symlinks. */
function commonRoot(paths: readonly string[]): string {
  const parts = paths.map((p) => realpathSync(p).split(path.sep));
  const shared = parts[0]!.filter(
    (part, i) => parts.every((other) => other[i] === part) && i < Math.min(...parts.map((p) => p.length)),
  );
  return shared.join(path.sep) || path.sep;
}

describeRuntime({
  name: 'Next.js (an App Router route handler, next build + next start)',
  test: 'test/e2e/runtime-next.test.ts',
  section: 'Next.js',
  missing: requireRuntime(
    PACKAGES.map((name) => path.join(ROOT, 'node_modules', name, 'package.json')),
    'npm ci installs next, react and react-dom',
  ),
  // Next answers a method it does not know (PROPFIND) with 400 itself, and routes the other paths.
  ownStatuses: [400],
  frameworkRoutes: true,
  runs: 40,
  setupMs: 240_000,
  async serve(block, env, guarded) {
    const project = userProject(
      {
        'app/api/token/route.ts': block,
        'app/api/guarded/route.ts': GUARDED,
        // next build checks these are installed before anything else (installing them if not): the
        // route's types are not checked here (React's are not a dependency), so a stand-in will do.
        'node_modules/@types/react/package.json': JSON.stringify({ name: '@types/react', version: '19.0.0' }),
        'node_modules/@types/react/index.d.ts': 'export {};\n',
      },
      PACKAGES,
    );
    const root = commonRoot([project.dir, ROOT, path.join(ROOT, 'node_modules', 'next')]);
    const config = { turbopack: { root }, typescript: { ignoreBuildErrors: true } };
    await import('node:fs').then((fs) =>
      fs.writeFileSync(path.join(project.dir, 'next.config.mjs'), `export default ${JSON.stringify(config)};\n`),
    );
    try {
      await runToEnd(process.execPath, [NEXT, 'build'], { cwd: project.dir, env: NEXT_ENV, timeoutMs: 200_000 });
    } catch (error) {
      project.remove();
      throw error;
    }
    const group = await startGroup(
      [project],
      [
        startServer(process.execPath, [NEXT, 'start', '--port', '0', '--hostname', '127.0.0.1'], {
          cwd: project.dir,
          env: { ...NEXT_ENV, ...env, GEMTOKEN_HANDLER_OPTIONS: JSON.stringify(guarded) },
          ready: /Local:\s+(http:\/\/\S+)/,
        }),
      ],
    );
    const url = group.servers[0]!.url;
    return { ...group, tokenUrl: `${url}/api/token`, guardedUrl: `${url}/api/guarded` };
  },
});
