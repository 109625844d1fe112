// serveTokens() in-process behind a real node:http server, with the upstream faked through the
// `fetch` option: every caller check, the reply shape, and what never crosses over (key, upstream body).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serveTokens, type ServeTokensOptions } from '../../../src/index.js';
import { parseRate, RateLimiter } from '../../../src/serve/rate-limit.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

type Upstream = (url: string, init: RequestInit) => Response | Promise<Response>;
const ok: Upstream = () =>
  new Response(JSON.stringify({ name: 'auth_tokens/abc123def456' }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

async function start(options: Partial<ServeTokensOptions> = {}, upstream: Upstream = ok) {
  const log: string[] = [];
  const seen: string[] = [];
  const listener = serveTokens({
    apiKey: CANARY_KEY,
    baseUrl: 'https://generativelanguage.googleapis.com',
    retries: 0,
    log: (line) => log.push(line),
    fetch: (async (url: string, init: RequestInit) => {
      seen.push(String(url));
      return upstream(String(url), init);
    }) as typeof fetch,
    ...options,
  });
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, log, seen };
}

/** node:http, because fetch will not send a Host header of the test's choosing. */
function rawPost(url: string, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/token`, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}

async function call(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('serveTokens()', () => {
  it('POST /token mints one token and names the Constrained endpoint to open', async () => {
    const { url, log, seen } = await start({ model: 'gemini-3.8-live', uses: 1, ttl: '10m' });
    const res = await call(`${url}/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(res.text);
    expect(Object.keys(body)).toEqual(['name', 'expireTime', 'newSessionExpireTime', 'apiVersion', 'model', 'wsUrl']);
    expect(body).toMatchObject({
      name: 'auth_tokens/abc123def456',
      apiVersion: 'v1alpha',
      model: 'models/gemini-3.8-live',
    });
    expect(body.wsUrl).toBe(
      'wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained',
    );
    expect(Date.parse(body.expireTime) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(seen).toEqual(['https://generativelanguage.googleapis.com/v1alpha/auth_tokens']);
    expect(log).toEqual([expect.stringMatching(/^POST \/token 200 \d+ms 127\.0\.0\.1$/)]);
    expectNoCanary({ reply: res.text, log: log.join('\n') });
  });

  it('bad options are refused when the listener is made, not per request', () => {
    expect(() => serveTokens({ apiKey: CANARY_KEY, ttl: '25h' })).toThrow(/less than 20h/);
    expect(() => serveTokens({ apiKey: CANARY_KEY, allowOrigins: ['https://a.example/path'] })).toThrow(
      /not an origin/,
    );
    expect(() => serveTokens({ apiKey: CANARY_KEY, bearer: 'short' })).toThrow(/at least 16/);
    expect(() => serveTokens({ apiKey: CANARY_KEY, rate: '10/fortnight' })).toThrow(/not a rate/);
  });

  it('CORS: listed origins get the preflight and the token; other origins get 403 and no mint', async () => {
    const { url, seen } = await start({ allowOrigins: ['https://app.example'] });
    const pre = await call(`${url}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const refusedPre = await call(`${url}/token`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(refusedPre.status).toBe(403);
    expect(refusedPre.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await call(`${url}/token`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(seen).toEqual([]);
    const allowed = await call(`${url}/token`, { method: 'POST', headers: { origin: 'https://app.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it("the server's own origin may ask; a DNS-rebinding page (foreign Host on a loopback socket) may not", async () => {
    const { url } = await start();
    const host = new URL(url).host;
    expect((await call(`${url}/token`, { method: 'POST', headers: { origin: url } })).status).toBe(200);
    // What a browser sends after evil.example was rebound to 127.0.0.1: Origin and Host agree.
    const port = host.split(':')[1]!;
    expect(await rawPost(url, { origin: `http://evil.example:${port}`, host: `evil.example:${port}` })).toBe(403);
    expect(await rawPost(url, { origin: `http://localhost:${port}`, host: `localhost:${port}` })).toBe(200);
  });

  it('bearer: right passes, wrong and missing get 401', async () => {
    const secret = 'correct-horse-battery-staple';
    const { url, log } = await start({ bearer: secret });
    expect(
      (await call(`${url}/token`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } })).status,
    ).toBe(200);
    const wrong = await call(`${url}/token`, {
      method: 'POST',
      headers: { authorization: 'Bearer correct-horse-battery-stapl' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(`${url}/token`, { method: 'POST' })).status).toBe(401);
    expect(log.join('\n')).not.toContain(secret);
  });

  it('rate limit per client: 429 with Retry-After once the bucket is empty', async () => {
    const { url, seen } = await start({ rate: '2/min' });
    expect((await call(`${url}/token`, { method: 'POST' })).status).toBe(200);
    expect((await call(`${url}/token`, { method: 'POST' })).status).toBe(200);
    const limited = await call(`${url}/token`, { method: 'POST' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(seen).toHaveLength(2);
  });

  it('a body over 1 KiB is refused with 413 before any mint', async () => {
    const { url, seen } = await start();
    expect((await call(`${url}/token`, { method: 'POST', body: 'x'.repeat(1025) })).status).toBe(413);
    expect((await call(`${url}/token`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('upstream failures are 502 with our own words only: never the upstream body or the key', async () => {
    const hostile = `{"error":{"code":500,"message":"boom ${CANARY_KEY} auth_tokens/leaked-token-xyz","status":"INTERNAL"}}`;
    const { url, log } = await start(
      {},
      () => new Response(hostile, { status: 500, headers: { 'content-type': 'application/json' } }),
    );
    const res = await call(`${url}/token`, { method: 'POST' });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.text)).toEqual({ error: 'the token service is unavailable; try again later' });
    expect(log.join('\n')).not.toContain('leaked-token-xyz');
    expectNoCanary({ reply: res.text, log: log.join('\n') });
  });

  it('GET /healthz answers; unknown paths 404; the page is off unless asked for', async () => {
    const { url } = await start();
    expect(await call(`${url}/healthz`)).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect((await call(`${url}/`)).status).toBe(404);
    expect((await call(`${url}/token`)).status).toBe(405);
  });
});

describe('rate parsing and the bucket', () => {
  it('parses N/unit and off', () => {
    expect(parseRate('10/min')).toEqual({ count: 10, windowMs: 60_000 });
    expect(parseRate('2/s')).toEqual({ count: 2, windowMs: 1000 });
    expect(parseRate('off')).toBeUndefined();
    for (const bad of ['0/min', '10', 'ten/min', '10/min/2', '-1/s'])
      expect(() => parseRate(bad)).toThrow(/not a rate/);
  });

  it('refills over time and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ count: 2, windowMs: 60_000 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 30_000]);
    expect(limiter.take('b')).toBe(0);
    now = 30_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(30_000);
  });
});
