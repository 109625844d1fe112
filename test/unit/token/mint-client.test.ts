import { describe, expect, it } from 'vitest';
import { mintOne, type MintRequest, type RetryInfo } from '../../../src/token/client/mint-client.js';
import { mintMany } from '../../../src/token/client/mint-many.js';
import { ExitCode, GemtokenError, InterruptedError } from '../../../src/errors.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { fakeFetch, type FakeReply } from '../../fakes/fake-fetch.js';

const KEY = 'AIzaTESTKEY-0123456789';
const REQUEST: MintRequest = {
  baseUrl: 'http://127.0.0.1:9',
  apiVersion: 'v1alpha',
  apiKey: KEY,
  token: {
    uses: 1,
    expireTime: '2026-12-01T00:30:00.000Z',
    newSessionExpireTime: '2026-12-01T00:01:00.000Z',
    model: 'models/m',
  },
  timeoutMs: 1_000,
  retries: 2,
};
const OK = (name = 'auth_tokens/abc'): FakeReply => ({ status: 200, body: { name } });
const status = (s: number, headers?: Record<string, string>): FakeReply => ({
  status: s,
  body: { error: { code: s, message: `fault ${s}`, status: 'X' } },
  ...(headers ? { headers } : {}),
});

async function run(script: FakeReply[], request: MintRequest = REQUEST, signal = new AbortController().signal) {
  const clock = new FakeClock();
  const fake = fakeFetch(script);
  const retries: RetryInfo[] = [];
  const promise = mintOne(request, {
    fetch: fake.fetch,
    clock,
    signal,
    random: () => 0,
    onRetry: (r) => retries.push(r),
  });
  const settled = promise.then(
    (token) => ({ token }),
    (error: unknown) => ({ error }),
  );
  await clock.runAllAsync();
  return { ...(await settled), requests: fake.requests, retries, clock };
}

describe('mintOne', () => {
  it('sends one POST and returns the token with the spec times', async () => {
    const result = await run([OK()]);
    const { requests } = result;
    expect('token' in result ? result.token : result.error).toEqual({
      name: 'auth_tokens/abc',
      expireTime: '2026-12-01T00:30:00.000Z',
      newSessionExpireTime: '2026-12-01T00:01:00.000Z',
      uses: 1,
      model: 'models/m',
      apiVersion: 'v1alpha',
      locked: { mode: 'full', fields: ['model'] },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: 'http://127.0.0.1:9/v1alpha/auth_tokens', method: 'POST' });
    expect(requests[0]!.headers['x-goog-api-key']).toBe(KEY);
    expect(JSON.parse(requests[0]!.body)).toEqual({
      expireTime: '2026-12-01T00:30:00.000Z',
      newSessionExpireTime: '2026-12-01T00:01:00.000Z',
      uses: 1,
      bidiGenerateContentSetup: { model: 'models/m' },
    });
  });

  it.each<[string, FakeReply[], number, number, RegExp]>([
    ['429 then success', [status(429), OK()], 2, 0, /./],
    ['500, 503 then success', [status(500), status(503), OK()], 3, 0, /./],
    [
      '429 three times → quota (4)',
      [status(429), status(429), status(429)],
      3,
      ExitCode.rejected,
      /rate limited or out of quota.*after 3 attempts/,
    ],
    [
      '500 three times → 5',
      [status(500), status(500), status(500)],
      3,
      ExitCode.network,
      /service unavailable.*after 3 attempts/,
    ],
    [
      'hang three times → timeout 5',
      ['hang', 'hang', 'hang'],
      3,
      ExitCode.network,
      /no reply from http:\/\/127.0.0.1:9 within 1s \(3 attempts\)/,
    ],
    [
      'refused three times → 5',
      ['refuse', 'refuse', 'refuse'],
      3,
      ExitCode.network,
      /cannot reach http:\/\/127.0.0.1:9: ECONNREFUSED \(3 attempts\)/,
    ],
    ['401 is not retried → 3', [status(401), OK()], 1, ExitCode.auth, /API key rejected/],
    ['403 is not retried → 3', [status(403), OK()], 1, ExitCode.auth, /API key rejected/],
    ['400 is not retried → 4', [status(400), OK()], 1, ExitCode.rejected, /request rejected/],
    ['404 is not retried → 4', [status(404), OK()], 1, ExitCode.rejected, /request rejected/],
    [
      '2xx without a token name → 5',
      [{ status: 200, body: { foo: 1 } }],
      1,
      ExitCode.network,
      /unexpected reply from the server/,
    ],
    ['2xx not JSON → 5', [{ status: 200, body: 'hello' }], 1, ExitCode.network, /is not JSON/],
    [
      '2xx nested 50,000 levels deep → 5',
      [{ status: 200, body: `${'['.repeat(50_000)}${']'.repeat(50_000)}` }],
      1,
      ExitCode.network,
      /is nested deeper than 100 levels/,
    ],
    [
      '429 with a very long Retry-After gives up at once',
      [status(429, { 'retry-after': '3600' }), OK()],
      1,
      ExitCode.rejected,
      /rate limited/,
    ],
  ])('%s', async (_name, script, calls, exitCode, message) => {
    const result = await run(script);
    expect(result.requests).toHaveLength(calls);
    if (exitCode === 0) {
      expect('token' in result && result.token.name).toBe('auth_tokens/abc');
    } else {
      const error = (result as { error: unknown }).error;
      expect(error).toBeInstanceOf(GemtokenError);
      expect((error as GemtokenError).exitCode).toBe(exitCode);
      expect((error as GemtokenError).message).toMatch(message);
      expect((error as GemtokenError).message).not.toContain(KEY);
    }
  });

  it('waits the backoff on the clock, and Retry-After on 429', async () => {
    const { retries, clock } = await run([status(503), status(429, { 'retry-after': '7' }), OK()]);
    expect(retries).toEqual([
      { retry: 1, retries: 2, delayMs: 250, reason: 'HTTP 503' },
      { retry: 2, retries: 2, delayMs: 7_000, reason: 'HTTP 429' },
    ]);
    expect(clock.monotonic()).toBe(7_250);
  });

  it('times out each attempt after timeoutMs of clock time', async () => {
    const { retries, clock } = await run(['hang', OK()]);
    expect(retries).toEqual([{ retry: 1, retries: 2, delayMs: 250, reason: 'timeout' }]);
    expect(clock.monotonic()).toBe(1_250);
  });

  it('--retries 0 means one attempt', async () => {
    const result = await run([status(503), OK()], { ...REQUEST, retries: 0 });
    expect(result.requests).toHaveLength(1);
    expect((result as { error: GemtokenError }).error.exitCode).toBe(ExitCode.network);
  });

  it('an abort (Ctrl-C) ends the wait with the abort reason', async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    const fake = fakeFetch(['hang']);
    const promise = mintOne(REQUEST, { fetch: fake.fetch, clock, signal: controller.signal });
    controller.abort(new InterruptedError());
    await expect(promise).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('mintMany', () => {
  it('mints count tokens with bounded concurrency and reports them in request order', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let peak = 0;
    let n = 0;
    const resolvers: Array<() => void> = [];
    const fetch = (async () => {
      const id = n++;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => resolvers.push(resolve));
      inFlight -= 1;
      return new Response(JSON.stringify({ name: `auth_tokens/t${id}` }), { status: 200 });
    }) as typeof globalThis.fetch;
    const seen: string[] = [];
    const promise = mintMany(
      REQUEST,
      { fetch, clock, signal: new AbortController().signal },
      { count: 10, concurrency: 3, onToken: (t, i) => seen.push(`${i}:${t.name}`) },
    );
    // Answer in reverse order of arrival each round to prove ordering.
    while (n < 10 || resolvers.length > 0) {
      await new Promise((r) => setImmediate(r));
      resolvers
        .splice(0)
        .reverse()
        .forEach((resolve) => resolve());
    }
    const tokens = await promise;
    expect(peak).toBe(3);
    expect(tokens.map((t) => t.name)).toEqual(Array.from({ length: 10 }, (_, i) => `auth_tokens/t${i}`));
    expect(seen).toEqual(tokens.map((t, i) => `${i}:${t.name}`));
  });

  it('stops starting new mints after a failure, reports the minted ones, then throws', async () => {
    const clock = new FakeClock();
    const fake = fakeFetch([OK('auth_tokens/a'), status(401), OK('auth_tokens/c')]);
    const seen: string[] = [];
    const promise = mintMany(
      { ...REQUEST, retries: 0 },
      { fetch: fake.fetch, clock, signal: new AbortController().signal },
      { count: 50, concurrency: 1, onToken: (t) => seen.push(t.name) },
    );
    await expect(promise).rejects.toMatchObject({ exitCode: ExitCode.auth });
    expect(fake.requests).toHaveLength(2);
    expect(seen).toEqual(['auth_tokens/a']);
  });
});

describe('the API-version fallback (a 404 on the default version)', () => {
  const DEFAULTED: MintRequest = { ...REQUEST, fallbackApiVersion: 'v1beta' };
  const urls = (requests: { url: string }[]): string[] => requests.map((r) => new URL(r.url).pathname);

  async function withFallback(script: FakeReply[], request: MintRequest = DEFAULTED) {
    const clock = new FakeClock();
    const fake = fakeFetch(script);
    const fallbacks: string[] = [];
    const deps = {
      fetch: fake.fetch,
      clock,
      signal: new AbortController().signal,
      random: () => 0,
      onVersionFallback: (from: string, to: string) => fallbacks.push(`${from}→${to}`),
    };
    const settled = mintOne(request, deps).then(
      (token) => ({ token }),
      (error: unknown) => ({ error }),
    );
    await clock.runAllAsync();
    return { ...(await settled), requests: fake.requests, fallbacks };
  }

  it('retries once on v1beta and returns the version that worked', async () => {
    const result = await withFallback([status(404), OK()]);
    expect(urls(result.requests)).toEqual(['/v1alpha/auth_tokens', '/v1beta/auth_tokens']);
    expect(result.fallbacks).toEqual(['v1alpha→v1beta']);
    expect('token' in result && result.token.apiVersion).toBe('v1beta');
    // Same body and key on both.
    expect(result.requests[1]!.body).toBe(result.requests[0]!.body);
    expect(result.requests[1]!.headers['x-goog-api-key']).toBe(KEY);
  });

  it('a 404 on the fallback too is reported (exit 4), after exactly two requests', async () => {
    const result = await withFallback([status(404), status(404), OK()]);
    expect(urls(result.requests)).toEqual(['/v1alpha/auth_tokens', '/v1beta/auth_tokens']);
    expect((result as { error: GemtokenError }).error.exitCode).toBe(ExitCode.rejected);
  });

  it('the fallback version gets its own retries', async () => {
    const result = await withFallback([status(404), status(503), OK()]);
    expect(urls(result.requests)).toEqual(['/v1alpha/auth_tokens', '/v1beta/auth_tokens', '/v1beta/auth_tokens']);
    expect('token' in result && result.token.apiVersion).toBe('v1beta');
  });

  it.each<[string, FakeReply[]]>([
    ['400', [status(400), OK()]],
    ['401', [status(401), OK()]],
  ])('only 404 falls back, not %s', async (_name, script) => {
    const result = await withFallback(script);
    expect(result.requests).toHaveLength(1);
    expect(result.fallbacks).toEqual([]);
  });

  it('a chosen version (no fallbackApiVersion) is never second-guessed', async () => {
    const result = await withFallback([status(404), OK()], REQUEST);
    expect(result.requests).toHaveLength(1);
    expect((result as { error: GemtokenError }).error.exitCode).toBe(ExitCode.rejected);
  });

  // A service without v1alpha auth_tokens: every v1alpha request is a 404.
  const noV1alpha = (): { fetch: typeof globalThis.fetch; paths: string[] } => {
    const paths: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      const { pathname } = new URL(String(input));
      paths.push(pathname);
      return pathname.startsWith('/v1alpha/')
        ? new Response(JSON.stringify({ error: { code: 404, status: 'NOT_FOUND', message: 'no' } }), { status: 404 })
        : new Response(JSON.stringify({ name: `auth_tokens/t${paths.length}` }), { status: 200 });
    }) as typeof globalThis.fetch;
    return { fetch, paths };
  };

  it('--count: once a fallback worked, later mints go straight to that version', async () => {
    const fake = noV1alpha();
    const fallbacks: string[] = [];
    const tokens = await mintMany(
      DEFAULTED,
      {
        fetch: fake.fetch,
        clock: new FakeClock(),
        signal: new AbortController().signal,
        onVersionFallback: (from, to) => fallbacks.push(`${from}→${to}`),
      },
      { count: 4, concurrency: 1 },
    );
    expect(fake.paths).toEqual(['/v1alpha/auth_tokens', ...Array<string>(4).fill('/v1beta/auth_tokens')]);
    expect(fallbacks).toEqual(['v1alpha→v1beta']);
    expect(tokens.map((t) => t.apiVersion)).toEqual(['v1beta', 'v1beta', 'v1beta', 'v1beta']);
  });

  it('--count: mints in flight fall back on their own, and the fallback is reported once', async () => {
    const fake = noV1alpha();
    const fallbacks: string[] = [];
    const tokens = await mintMany(
      DEFAULTED,
      {
        fetch: fake.fetch,
        clock: new FakeClock(),
        signal: new AbortController().signal,
        onVersionFallback: (from, to) => fallbacks.push(`${from}→${to}`),
      },
      { count: 8, concurrency: 4 },
    );
    expect(fallbacks).toEqual(['v1alpha→v1beta']);
    expect(tokens.map((t) => t.apiVersion)).toEqual(Array<string>(8).fill('v1beta'));
    // At most one 404 per worker: the four first requests, started before any answer.
    expect(fake.paths.filter((p) => p.startsWith('/v1alpha/')).length).toBeLessThanOrEqual(4);
  });
});

// Whatever fetch is given (the library's default is the global one), the reply is
// read up to 1 MiB; past it the mint fails at once with exit 5 and is not retried.
describe('mintOne: a reply over 1 MiB', () => {
  it('→ NetworkError (exit 5) "reply too large", one attempt only', async () => {
    const result = await run([{ status: 200, body: `{"name":"${'a'.repeat(1024 * 1024)}"}` }, OK()], {
      ...REQUEST,
      retries: 3,
    });
    expect(result).toHaveProperty('error');
    const error = (result as { error: GemtokenError }).error;
    expect(error.exitCode).toBe(ExitCode.network);
    expect(error.message).toMatch(/reply too large \(over 1 MiB\)$/);
    expect(result.requests).toHaveLength(1);
  });
});
