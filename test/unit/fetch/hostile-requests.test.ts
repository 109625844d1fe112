// tokenHandler() against generated hostile requests (origins, methods, paths, bodies up to 64 KiB and
// broken JSON, headers, client addresses) with a hostile upstream and rate check (each echoing the
// key and the bearer, failing, answering nonsense): it never throws, every status is one the docs
// list, and no answer (body or header) carries the API key or the bearer secret in any form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenHandler } from '../../../src/fetch.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const BEARER = 'hostile-bearer-0123456789abcdef';
/** docs/library.md, "What it answers". */
const DOCUMENTED = [200, 204, 401, 403, 404, 405, 413, 429, 500, 502, 503];
const SECRETS = `${CANARY_KEY} key=${CANARY_KEY} ${encodeURIComponent(BEARER)} Bearer ${BEARER}`;

const upstreams: fc.Arbitrary<() => Response | Promise<Response>> = fc.constantFrom(
  () => Response.json({ name: 'auth_tokens/abc123def456' }),
  () => Response.json({ name: `auth_tokens/${CANARY_KEY}` }),
  () => new Response(SECRETS, { status: 400 }),
  () => new Response(`{"error":{"message":"${SECRETS}"}}`, { status: 403 }),
  () => new Response(SECRETS, { status: 429, headers: { 'retry-after': BEARER } }),
  () => new Response('{', { status: 200 }),
  () => Promise.reject(new Error(SECRETS)),
);

const rateChecks = fc.constantFrom<((client: string) => unknown) | undefined>(
  undefined,
  undefined,
  () => 0,
  () => 0,
  () => 1500,
  () => Number.NaN,
  () => Infinity,
  () => 'later',
  () => Promise.reject(new Error(SECRETS)),
  () => {
    throw new Error(SECRETS);
  },
);

const header = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(CANARY_KEY, `Bearer ${BEARER}`, `Bearer ${CANARY_KEY}`, 'null', '*', '0', '-1', '99999999999'),
);

const requestParts = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constant('POST'), weight: 6 },
    fc.constantFrom('OPTIONS', 'GET', 'HEAD', 'PUT', 'DELETE'),
    fc.stringMatching(/^[A-Za-z]{1,8}$/),
  ),
  path: fc.oneof(fc.constantFrom('/token', '/', '/api/token'), fc.webPath()),
  // Weighted toward requests that pass the checks, so the mint and its failures are reached often.
  origin: fc.option(
    fc.oneof(
      { arbitrary: fc.constant('https://app.example.com'), weight: 6 },
      fc.webUrl(),
      fc.constantFrom('http://localhost:3000', 'null'),
      header,
    ),
  ),
  authorization: fc.option(fc.oneof({ arbitrary: fc.constant(`Bearer ${BEARER}`), weight: 3 }, header)),
  contentLength: fc.option(header),
  extra: fc.dictionary(fc.stringMatching(/^x-[a-z]{1,8}$/), header, { maxKeys: 3 }),
  body: fc.option(
    fc.oneof(
      fc.string({ maxLength: 64 }),
      fc.constantFrom('{"a":', '[[[[[[[[', `{"apiKey":"${CANARY_KEY}"}`),
      fc.integer({ min: 1025, max: 64 * 1024 }).map((n) => 'x'.repeat(n)),
    ),
  ),
  address: fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), header)),
});

type Parts = typeof requestParts extends fc.Arbitrary<infer T> ? T : never;

function toRequest(p: Parts): Request | undefined {
  const headers: Record<string, string> = { ...p.extra };
  if (p.origin !== null) headers.origin = p.origin;
  if (p.authorization !== null) headers.authorization = p.authorization;
  if (p.contentLength !== null) headers['content-length'] = p.contentLength;
  try {
    return new Request(`https://api.test${p.path}`, {
      method: p.method,
      headers,
      ...(p.body !== null && !['GET', 'HEAD'].includes(p.method.toUpperCase()) ? { body: p.body } : {}),
    });
  } catch {
    return undefined; // Not a request any runtime would hand over (a forbidden method, a bad header value).
  }
}

describe('tokenHandler() against hostile requests', () => {
  it('never throws, answers only documented statuses, and never with the key or the bearer', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestParts,
        upstreams,
        rateChecks,
        fc.boolean(),
        async (parts, upstream, rateLimit, bearer) => {
          const request = toRequest(parts);
          fc.pre(request !== undefined);
          const handler = tokenHandler({
            apiKey: CANARY_KEY,
            retries: 0,
            allowOrigins: ['https://app.example.com'],
            ...(bearer ? { bearer: BEARER } : {}),
            ...(rateLimit ? { rateLimit: rateLimit as () => number } : {}),
            clientAddress: () => parts.address ?? undefined,
            fetch: (async () => upstream()) as typeof fetch,
            log: () => undefined,
          });
          const response = await handler(request!, { remoteAddr: { hostname: parts.address } });
          expect(DOCUMENTED).toContain(response.status);
          const answer = { body: await response.text(), headers: JSON.stringify([...response.headers]) };
          expectNoCanary(answer);
          expectNoCanary(answer, BEARER);
        },
      ),
      { numRuns: 400 },
    );
  });
});
