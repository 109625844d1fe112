// tokenHandler under Cloudflare's workerd (through miniflare, as `wrangler dev` runs it): the
// Cloudflare Workers block of docs/web-runtimes.md, verbatim, bundled as wrangler bundles a Worker
// (test/fixtures/runtimes/workerd-serve.mjs); the guarded handler as a Worker beside it; and the
// rate-limit block, twice over one KV namespace, so two instances share one count.
// test/helpers/runtime-suite.ts says what each runtime test checks.
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { blocksCoveredBy } from '../helpers/doc-exemptions.js';
import { describeRuntime, DOCS_PAGE, type Served } from '../helpers/runtime-suite.js';
import { startGroup, startServer, userProject } from '../helpers/runtime-server.js';
import { requireRuntime } from '../helpers/runtimes.js';

const TEST = 'test/e2e/runtime-workerd.test.ts';
const GUARDED = `import { tokenHandler } from 'gemtoken/fetch';
let handler;
export default {
  fetch(request, env) {
    handler ??= tokenHandler({ ...JSON.parse(env.GEMTOKEN_HANDLER_OPTIONS), path: '/token' });
    return handler(request);
  },
};
`;
const LAUNCHER = path.join(ROOT, 'test/fixtures/runtimes/workerd-serve.mjs');
/** The rate-limit block's count per minute. */
const PER_MINUTE = 10;

let served: (Served & { readonly sharedRate: readonly string[] }) | undefined;

describeRuntime({
  name: 'workerd (a Worker module, through miniflare)',
  test: TEST,
  section: 'Cloudflare Workers',
  missing: requireRuntime(
    ['miniflare', 'workerd'].map((name) => path.join(ROOT, 'node_modules', name, 'package.json')),
    'npm ci installs miniflare and its workerd',
  ),
  async serve(block, env, guarded) {
    const [rateLimited] = blocksCoveredBy(DOCS_PAGE, 'Rate limits across instances', TEST);
    const project = userProject({ 'worker.ts': block, 'guarded.js': GUARDED, 'rate.ts': rateLimited!.body });
    const rate = (name: string) => ({ name, entry: 'rate.ts', vars: env, kv: { RATE: 'shared-rate' } });
    const workers = [
      { name: 'docs', entry: 'worker.ts', vars: env },
      { name: 'guarded', entry: 'guarded.js', vars: { GEMTOKEN_HANDLER_OPTIONS: JSON.stringify(guarded) } },
      rate('rate-a'),
      rate('rate-b'),
    ];
    const group = await startGroup(
      [project],
      [
        startServer(process.execPath, [LAUNCHER], {
          cwd: project.dir,
          env: { WORKERS: JSON.stringify(workers) },
          ready: /(worker docs at [\s\S]*worker rate-b at \S+)/,
        }),
      ],
    );
    const urls = Object.fromEntries(
      [...group.servers[0]!.url.matchAll(/worker (\S+) at (\S+)/g)].map((m) => [m[1], m[2]]),
    );
    served = {
      ...group,
      tokenUrl: `${urls.docs}token`,
      guardedUrl: `${urls.guarded}token`,
      sharedRate: [urls['rate-a']!, urls['rate-b']!],
    };
    return served;
  },
  more: () =>
    it('the rate-limit block: two instances share one KV count, then 429 with Retry-After', async () => {
      const [a, b] = served!.sharedRate.map((url) => `${url}token`);
      const statuses: number[] = [];
      for (let i = 0; i < PER_MINUTE; i++) statuses.push((await fetch(i % 2 ? a! : b!, { method: 'POST' })).status);
      expect(statuses).toEqual(Array(PER_MINUTE).fill(200));
      const refused = await fetch(a!, { method: 'POST' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({ error: expect.stringMatching(/retry after/) });
    }),
});
