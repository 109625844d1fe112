import { describe, expect, it } from 'vitest';
import { mintOne, type MintRequest, type RetryInfo } from '../../../src/token/client/mint-client.js';
import { mintTokens } from '../../../src/token/client/mint-many.js';
import { ExitCode, GemtokenError, InterruptedError } from '../../../src/errors.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { fakeFetch, type FakeReply } from '../../fakes/fake-fetch.js';

const KEY = 'AIzaTESTKEY-0123456789';
const REQUEST: MintRequest = {
  baseUrl: 'http://127.0.0.1:9',
  apiVersion: 'v1alpha',
  apiKey: KEY,
  token: { uses: 1, expireTime: '2026-12-01T00:30:00.000Z', newSessionExpireTime: '2026-12-01T00:01:00.000Z', model: 'models/m' },
  timeoutMs: 1_000,
  retries: 2,
};
const OK = (name = 'auth_tokens/abc'): FakeReply => ({ status: 200, body: { name } });
const status = (s: number, headers?: Record<string, string>): FakeReply => ({ status: s, body: { error: { code: s, message: `fault ${s}`, status: 'X' } }, ...(headers ? { headers } : {}) });

async function run(script: FakeReply[], request: MintRequest = REQUEST, signal = new AbortController().signal) {
  const clock = new FakeClock();
  const fake = fakeFetch(script);
  const retries: RetryInfo[] = [];
  const promise = mintOne(request, { fetch: fake.fetch, clock, signal, random: () => 0, onRetry: (r) => retries.push(r) });
  const settled = promise.then((token) => ({ token }), (error: unknown) => ({ error }));
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
    expect(JSON.parse(requests[0]!.body)).toEqual({ expireTime: '2026-12-01T00:30:00.000Z', newSessionExpireTime: '2026-12-01T00:01:00.000Z', uses: 1, bidiGenerateContentSetup: { model: 'models/m' } });
  });

  it.each<[string, FakeReply[], number, number, RegExp]>([
    ['429 then success', [status(429), OK()], 2, 0, /./],
    ['500, 503 then success', [status(500), status(503), OK()], 3, 0, /./],
    ['429 three times → quota (4)', [status(429), status(429), status(429)], 3, ExitCode.rejected, /rate limited or out of quota.*after 3 attempts/],
    ['500 three times → 5', [status(500), status(500), status(500)], 3, ExitCode.network, /service unavailable.*after 3 attempts/],
    ['hang three times → timeout 5', ['hang', 'hang', 'hang'], 3, ExitCode.network, /no reply from http:\/\/127.0.0.1:9 within 1s \(3 attempts\)/],
    ['refused three times → 5', ['refuse', 'refuse', 'refuse'], 3, ExitCode.network, /cannot reach http:\/\/127.0.0.1:9: ECONNREFUSED \(3 attempts\)/],
    ['401 is not retried → 3', [status(401), OK()], 1, ExitCode.auth, /API key rejected/],
    ['403 is not retried → 3', [status(403), OK()], 1, ExitCode.auth, /API key rejected/],
    ['400 is not retried → 4', [status(400), OK()], 1, ExitCode.rejected, /request rejected/],
    ['404 is not retried → 4', [status(404), OK()], 1, ExitCode.rejected, /request rejected/],
    ['2xx without a token name → 5', [{ status: 200, body: { foo: 1 } }], 1, ExitCode.network, /has no auth_tokens\/ name/],
    ['2xx not JSON → 5', [{ status: 200, body: 'hello' }], 1, ExitCode.network, /is not JSON/],
    ['429 with a very long Retry-After gives up at once', [status(429, { 'retry-after': '3600' }), OK()], 1, ExitCode.rejected, /rate limited/],
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

describe('mintTokens', () => {
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
    const promise = mintTokens(REQUEST, { fetch, clock, signal: new AbortController().signal }, { count: 10, concurrency: 3, onToken: (t, i) => seen.push(`${i}:${t.name}`) });
    // Answer in reverse order of arrival each round to prove ordering.
    while (n < 10 || resolvers.length > 0) {
      await new Promise((r) => setImmediate(r));
      resolvers.splice(0).reverse().forEach((resolve) => resolve());
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
    const promise = mintTokens({ ...REQUEST, retries: 0 }, { fetch: fake.fetch, clock, signal: new AbortController().signal }, { count: 50, concurrency: 1, onToken: (t) => seen.push(t.name) });
    await expect(promise).rejects.toMatchObject({ exitCode: ExitCode.auth });
    expect(fake.requests).toHaveLength(2);
    expect(seen).toEqual(['auth_tokens/a']);
  });
});
