// Generated at a real sink: the built `gemtoken mint` against a hostile server that
// answers any status with any text around the key in any form (base64/base64url at any alignment,
// re-cased, split by separators, URL-encoded), as an error message or inside the token name. Whatever
// it answers, neither stdout nor stderr shows any form of the key, and the exit code is one the README
// gives. Seeded: a failure prints the seed; FC_SEED=<seed> replays it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectNoCanary, hostileHttp, type HostilePeer } from './hostile.js';

const SEED = Number(process.env['FC_SEED'] ?? 19_001);
const RUNS = Number(process.env['FC_SINK_RUNS'] ?? 12);

let peer: HostilePeer;
let answer: { status: number; body: string } = { status: 500, body: '' };
beforeAll(async () => {
  peer = await hostileHttp((_req, res) =>
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body),
  );
});
afterAll(() => peer.close());

const keyArb = fc.stringMatching(/^[A-Za-z0-9_-]{30,40}$/).map((tail) => `AIza${tail}`);

function formArb(key: string): fc.Arbitrary<string> {
  const b64 = fc
    .tuple(fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 }), fc.boolean())
    .map(([pre, post, url]) =>
      Buffer.concat([Buffer.from(pre), Buffer.from(key), Buffer.from(post)]).toString(url ? 'base64url' : 'base64'),
    );
  const split = fc
    .array(fc.constantFrom(' ', '-', '.', '\n', ':', ' / ', '_'), { minLength: key.length, maxLength: key.length })
    .map((seps) => [...key].map((c, i) => c + seps[i]).join(''));
  return fc.oneof(
    fc.constant(key),
    fc.constant(key.toLowerCase()),
    fc.constant(key.toUpperCase()),
    fc.constant(encodeURIComponent(key)),
    b64,
    split,
  );
}

describe('mint against a server echoing the key in arbitrary forms (generated)', () => {
  it('shows no form of the key on stdout or stderr, and exits 3, 4 or 5', async () => {
    const cases = keyArb.chain((key) =>
      fc.record({
        key: fc.constant(key),
        form: formArb(key),
        status: fc.constantFrom(200, 400, 403, 429, 500, 503),
        before: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
        after: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ key, form, status, before, after }) => {
        const text = `${before}${form}${after}`;
        answer = {
          status,
          body: JSON.stringify(
            status === 200 ? { name: `auth_tokens/${text}` } : { error: { code: status, message: text, status: 'X' } },
          ),
        };
        const result = await runCli(['mint', '--base-url', peer.baseUrl, '--retries', '0'], {
          env: { GEMINI_API_KEY: key },
        });
        expect([3, 4, 5]).toContain(result.code);
        expect(result.stdout).toBe('');
        expectNoCanary({ stdout: result.stdout, stderr: result.stderr }, key);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);
});
