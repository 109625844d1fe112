// The `rateLimit` option, one table run against both entry points: tokenHandler() (gemtoken/fetch,
// called with a Fetch Request) and serveTokens() (behind a real node:http server). Both hand it to the
// same core check, so each case must answer the same there; only the request argument differs (each
// runtime's own: a Request, an IncomingMessage).
import { createServer, IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { tokenHandler } from '../../../src/fetch.js';
import { serveTokens } from '../../../src/index.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const BEARER = 'bearer-secret-0123456789abcdef';
type Check = (client: string, request: unknown) => number | Promise<number>;
interface Reply {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}
interface Entry {
  readonly name: string;
  /** The client key the entry's own address finding gives this test's caller. */
  readonly client: string;
  /** The request type that entry's runtime hands over. */
  readonly ownRequest: (request: unknown) => boolean;
  readonly start: (rateLimit: Check) => Promise<{ post: () => Promise<Reply>; log: string[] }>;
  /** Makes the entry with these options (for the checks done at construction). */
  readonly make: (options: Record<string, unknown>) => unknown;
}

const base = () => ({
  apiKey: CANARY_KEY,
  bearer: BEARER,
  retries: 0,
  fetch: (async () => Response.json({ name: 'auth_tokens/abc123def456' })) as typeof fetch,
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const reply = async (res: Response): Promise<Reply> => ({
  status: res.status,
  retryAfter: res.headers.get('retry-after'),
  text: await res.text(),
});
const authorization = { authorization: `Bearer ${BEARER}` };

const ENTRIES: Entry[] = [
  {
    name: 'tokenHandler',
    client: '198.51.100.7',
    ownRequest: (request) => request instanceof Request,
    make: (options) => tokenHandler({ ...base(), ...options }),
    async start(rateLimit) {
      const log: string[] = [];
      const h = tokenHandler({ ...base(), rateLimit, clientAddress: () => '198.51.100.7', log: (l) => log.push(l) });
      const post = async () =>
        reply(await h(new Request('https://api.example.com/token', { method: 'POST', headers: authorization })));
      return { post, log };
    },
  },
  {
    name: 'serveTokens',
    client: '127.0.0.1',
    ownRequest: (request) => request instanceof IncomingMessage,
    make: (options) => serveTokens({ ...base(), ...options }),
    async start(rateLimit) {
      const log: string[] = [];
      const server = createServer(serveTokens({ ...base(), rateLimit, log: (l) => log.push(l) }));
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
      const post = async () => reply(await fetch(url, { method: 'POST', headers: authorization }));
      return { post, log };
    },
  },
];

const FAILED = JSON.stringify({ error: 'the rate limit check failed; try again' });
const secretError = () => new Error(`redis refused key=${CANARY_KEY} auth ${BEARER}`);

/** What the check does → the answer both entries give. */
const CASES: { what: string; check: Check; status: number; retryAfter: string | null; body?: string }[] = [
  { what: '0 lets it mint', check: () => 0, status: 200, retryAfter: null },
  { what: 'a promise of 0 lets it mint', check: async () => 0, status: 200, retryAfter: null },
  { what: '1500 ms is 429, Retry-After rounded up', check: () => 1500, status: 429, retryAfter: '2' },
  { what: 'a promise of 1500 ms likewise', check: async () => 1500, status: 429, retryAfter: '2' },
  { what: 'a day and more is Retry-After one day', check: () => 3 * 86_400_000, status: 429, retryAfter: '86400' },
  {
    what: 'a throw is 503',
    check: () => {
      throw secretError();
    },
    status: 503,
    retryAfter: '1',
    body: FAILED,
  },
  {
    what: 'a rejection is 503',
    check: () => Promise.reject(secretError()),
    status: 503,
    retryAfter: '1',
    body: FAILED,
  },
  {
    what: 'a non-number is 503',
    check: (() => 'soon') as unknown as Check,
    status: 503,
    retryAfter: '1',
    body: FAILED,
  },
];

describe.each(ENTRIES)('rateLimit in $name', (entry) => {
  it.each(CASES)('$what', async ({ check, status, retryAfter, body }) => {
    const { post, log } = await entry.start(check);
    const res = await post();
    expect({ status: res.status, retryAfter: res.retryAfter }).toEqual({ status, retryAfter });
    if (body !== undefined) expect(res.text).toBe(body);
    await expect.poll(() => log.length).toBe(1);
    if (status === 503) expect(log[0]).toMatch(/\(rate limit check failed: (redis refused|it returned string)/);
    expectNoCanary({ reply: res.text, log: log[0]! });
    for (const text of [res.text, log[0]!]) {
      expect(text).not.toContain(BEARER);
      expect(text).not.toMatch(/\n\s+at /);
    }
  });

  it("gets the entry's client key and its runtime's own request, once per POST", async () => {
    const seen: [string, unknown][] = [];
    const { post } = await entry.start((client, request) => (seen.push([client, request]), 0));
    expect((await post()).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe(entry.client);
    expect(entry.ownRequest(seen[0]![1])).toBe(true);
  });

  it('any wait is a 429 whose Retry-After is the whole seconds rounded up, at most a day', async () => {
    let wait = 0;
    const { post } = await entry.start(() => wait);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 * 86_400_000 }), async (ms) => {
        wait = ms;
        const res = await post();
        expect(res.status).toBe(429);
        expect(res.retryAfter).toBe(String(Math.min(Math.ceil(ms / 1000), 86_400)));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a non-function, or rate beside it, when made', () => {
    expect(() => entry.make({ rateLimit: 1000 })).toThrow(UsageError);
    expect(() => entry.make({ rateLimit: () => 0, rate: '1/min' })).toThrow(/give rate or rateLimit, not both/);
    expect(() => entry.make({ rateLimit: () => 0, rate: 'off' })).toThrow(UsageError);
  });
});
