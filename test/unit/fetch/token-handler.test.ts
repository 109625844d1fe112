// tokenHandler() (gemtoken/fetch) called with Fetch Requests as a runtime would, the upstream faked
// through the `fetch` option: the answers of POST /token, the preflight, routing, the client key, and
// a rateLimit counter shared by two handlers. What the rateLimit option answers for each kind of
// check (a wait, a throw, a non-number) is one table for both entry points: serve/rate-limit-option.test.ts.
import { describe, expect, it } from 'vitest';
import { tokenHandler, type TokenHandlerOptions } from '../../../src/fetch.js';
import { UsageError } from '../../../src/errors.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const BEARER = 'bearer-secret-0123456789abcdef';
const ok = (): Response => Response.json({ name: 'auth_tokens/abc123def456' });

function handler(options: Partial<TokenHandlerOptions> = {}, upstream: () => Response | Promise<Response> = ok) {
  const log: string[] = [];
  const h = tokenHandler({
    apiKey: CANARY_KEY,
    retries: 0,
    log: (line) => log.push(line),
    fetch: (async () => upstream()) as typeof fetch,
    ...options,
  });
  return { h, log };
}

const post = (headers: Record<string, string> = {}, url = 'https://app.example.com/api/token'): Request =>
  new Request(url, { method: 'POST', headers });

describe('tokenHandler()', () => {
  it('answers POST with the token and where to open Live, at whatever path it is mounted', async () => {
    const { h, log } = handler({ model: 'gemini-live-2.5-flash-preview' });
    const res = await h(post());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['apiVersion', 'expireTime', 'model', 'name', 'newSessionExpireTime', 'wsUrl'].sort(),
    );
    expect(body.name).toBe('auth_tokens/abc123def456');
    expect(body.model).toBe('models/gemini-live-2.5-flash-preview');
    expect(body.wsUrl).toBe(
      'wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained',
    );
    expect(log).toEqual([expect.stringMatching(/^POST \/api\/token 200 \d+ms $/)]);
  });

  it('answers a preflight from a listed origin, refuses others, and 405s other methods', async () => {
    const { h } = handler({ allowOrigins: ['https://*.example.org'] });
    const origin = 'https://a.example.org';
    const pre = await h(new Request('https://api.test/token', { method: 'OPTIONS', headers: { origin } }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    expect((await h(post({ origin: 'https://evil.test' }))).status).toBe(403);
    const get = await h(new Request('https://api.test/token'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('counts its own https origin as same-origin, but a plain-http host name only on loopback', async () => {
    const { h } = handler();
    expect((await h(post({ origin: 'https://app.example.com', host: 'app.example.com' }))).status).toBe(200);
    expect((await h(post({ origin: 'http://localhost:3000', host: 'localhost:3000' }))).status).toBe(200);
    // A DNS-rebound name over plain http looks exactly like this: refused unless listed.
    expect((await h(post({ origin: 'http://rebound.test:3000', host: 'rebound.test:3000' }))).status).toBe(403);
  });

  it('with path set, answers only there (404 elsewhere)', async () => {
    const { h } = handler({ path: '/token' });
    expect((await h(post({}, 'http://localhost:8000/token'))).status).toBe(200);
    expect((await h(post({}, 'http://localhost:8000/other'))).status).toBe(404);
  });

  it('checks the bearer, and never answers with the key or the secret', async () => {
    const { h } = handler(
      { bearer: BEARER },
      () => new Response(`{"error":"${CANARY_KEY} ${BEARER}"}`, { status: 400 }),
    );
    const none = await h(post());
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await h(post({ authorization: `Bearer ${BEARER}x` }))).status).toBe(401);
    const refused = await h(post({ authorization: `Bearer ${BEARER}` }));
    expect(refused.status).toBe(502);
    const text = await refused.text();
    expectNoCanary({ answer: text });
    expect(text).not.toContain(BEARER);
  });

  it('refuses a body over 1 KiB, declared or streamed', async () => {
    const { h } = handler();
    expect((await h(post({ 'content-length': '5000' }))).status).toBe(413);
    const streamed = new Request('https://api.test/token', { method: 'POST', body: 'x'.repeat(5000) });
    expect((await h(streamed)).status).toBe(413);
  });

  it("limits by the runtime's client address: Deno's info, Bun's server, or the clientAddress option", async () => {
    const { h } = handler({ rate: '1/min' });
    const deno = (hostname: string) => ({ remoteAddr: { hostname, port: 1, transport: 'tcp' } });
    expect((await h(post(), deno('192.0.2.1'))).status).toBe(200);
    expect((await h(post(), deno('192.0.2.1'))).status).toBe(429);
    const bun = { requestIP: () => ({ address: '192.0.2.2', family: 'IPv4', port: 1 }) };
    expect((await h(post(), bun)).status).toBe(200);
    expect((await h(post(), bun)).status).toBe(429);
    const own = handler({ rate: '1/min', clientAddress: (r) => r.headers.get('x-client') ?? undefined }).h;
    expect((await own(post({ 'x-client': '2001:db8::1' }))).status).toBe(200);
    // The same /64: one bucket.
    expect((await own(post({ 'x-client': '2001:db8::2' }))).status).toBe(429);
    expect((await own(post({ 'x-client': '2001:db9::1' }))).status).toBe(200);
  });

  it('rateLimit: one shared counter limits two handlers together', async () => {
    const counts = new Map<string, number>();
    // What a KV or Redis INCR with a window would do, shared by every instance.
    const rateLimit = async (client: string): Promise<number> => {
      const count = (counts.get(client) ?? 0) + 1;
      counts.set(client, count);
      return count > 3 ? 30_000 : 0;
    };
    const clientAddress = (): string => '198.51.100.7';
    const a = handler({ rateLimit, clientAddress }).h;
    const b = handler({ rateLimit, clientAddress }).h;
    const statuses = [];
    for (const h of [a, b, a, b, a]) statuses.push((await h(post())).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await b(post());
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(counts.get('198.51.100.7')).toBe(6);
  });

  it('refuses bad options at once', () => {
    expect(() => tokenHandler({ apiKey: CANARY_KEY, path: 'token' })).toThrow(UsageError);
    expect(() => tokenHandler(null as unknown as TokenHandlerOptions)).toThrow(UsageError);
  });
});
