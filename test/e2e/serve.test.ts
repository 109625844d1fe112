// `gemtoken serve` without a browser: the built binary against the emulator (its --emulator, or a
// spawned one with --fault) and against a hostile upstream. Every reply, the ready line and the log are
// checked for the API key (the canary) in every form.
import { afterEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from '../security/hostile.js';
import { call, startServe, type Reply, type ServeHandle } from './serve-helpers.js';

const KEY_ENV = { GEMINI_API_KEY: CANARY_KEY };
const running: Array<ServeHandle | EmulatorHandle | HostilePeer> = [];
const replies: Reply[] = [];

afterEach(async () => {
  for (const thing of running.splice(0)) await ('close' in thing ? thing.close() : thing.stop());
  replies.length = 0;
});

async function serve(args: readonly string[], env: Record<string, string> = KEY_ENV): Promise<ServeHandle> {
  const handle = await startServe(args, env);
  running.push(handle);
  return handle;
}

async function post(url: string, init: RequestInit = {}): Promise<Reply> {
  const reply = await call(`${url}/token`, { method: 'POST', ...init });
  replies.push(reply);
  return reply;
}

/** Nothing the run printed or answered holds the key. */
function expectClean(handle: ServeHandle): void {
  const answered = Object.fromEntries(
    replies.map((r, i) => [`reply ${i + 1} (${r.status})`, `${JSON.stringify([...r.headers])}${r.text}`]),
  );
  expectNoCanary({ stdout: handle.stdout(), stderr: handle.stderr(), ...answered });
}

describe('gemtoken serve --emulator', () => {
  it('POST /token mints from the emulator and names its Constrained endpoint; the log has no token', async () => {
    const s = await serve(['--emulator', '--model', 'gemini-3.8-live', '--ttl', '5m']);
    expect(s.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const reply = await post(s.url);
    expect(reply.status).toBe(200);
    const token = JSON.parse(reply.text);
    expect(token.name).toMatch(/^auth_tokens\//);
    expect(token.model).toBe('models/gemini-3.8-live');
    expect(token.wsUrl).toBe(
      `${s.baseUrl!.replace('http:', 'ws:')}/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained`,
    );
    // The emulator accepted the key it was given (GEMINI_API_KEY), so its admin API shows the mint.
    const tokens = await call(`${s.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': CANARY_KEY } });
    expect(tokens.text).toContain('gemini-3.8-live');
    await expect.poll(() => s.stderr()).toMatch(/^POST \/token 200 \d+ms 127\.0\.0\.1$/m);
    expect(s.stderr()).not.toContain(token.name.slice('auth_tokens/'.length));
    expect((await call(`${s.url}/healthz`)).text).toBe('{"ok":true}');
    expect(await s.stop()).toBe(0);
    expectClean(s);
  });

  it('CORS: a listed origin gets the preflight and a token; any other origin 403 and no mint', async () => {
    const s = await serve(['--emulator', '--allow-origin', 'https://app.example']);
    const pre = await call(`${s.url}/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const refusedPre = await call(`${s.url}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refusedPre.status).toBe(403);
    expect(refusedPre.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(s.url, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    const allowed = await post(s.url, { headers: { origin: 'https://app.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const minted = JSON.parse(
      (await call(`${s.baseUrl}/emulator/requests`, { headers: { 'x-goog-api-key': CANARY_KEY } })).text,
    );
    expect(JSON.stringify(minted)).toMatch(/auth_tokens"?:1\b/);
    expectClean(s);
  });

  it('--auth bearer:<ENV_VAR>: right passes, wrong and missing get 401; the secret is never logged', async () => {
    const secret = 'b7e1c0d2a9f84e3c9d6a5b4c3d2e1f00';
    const s = await serve(['--emulator', '--auth', 'bearer:TOKEN_SECRET'], { ...KEY_ENV, TOKEN_SECRET: secret });
    expect((await post(s.url, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    expect((await post(s.url, { headers: { authorization: `Bearer ${secret.slice(0, -1)}1` } })).status).toBe(401);
    const missing = await post(s.url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    await expect.poll(() => s.stderr().match(/^POST \/token 401/gm)?.length).toBe(2);
    expect(s.stderr()).not.toContain(secret);
    expectClean(s);
  });

  it('--rate: 429 with Retry-After once a client has used its share', async () => {
    const s = await serve(['--emulator', '--rate', '2/min']);
    expect((await post(s.url)).status).toBe(200);
    expect((await post(s.url)).status).toBe(200);
    const limited = await post(s.url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(limited.text).error).toMatch(/too many token requests/);
    expectClean(s);
  });

  it('a body over 1 KiB gets 413 and mints nothing', async () => {
    const s = await serve(['--emulator']);
    expect((await post(s.url, { body: 'x'.repeat(4096) })).status).toBe(413);
    const counts = (await call(`${s.baseUrl}/emulator/requests`, { headers: { 'x-goog-api-key': CANARY_KEY } })).text;
    expect(counts).not.toMatch(/auth_tokens/);
    expectClean(s);
  });
});

describe('gemtoken serve against a failing upstream', () => {
  it.each([
    ['429', 'rest:429x9', /rate limiting/],
    ['500', 'rest:500x9', /unavailable/],
  ])('upstream %s → 502 in our own words', async (_name, fault, message) => {
    const emu = await spawnEmulator(['--api-key', CANARY_KEY, '--fault', fault]);
    running.push(emu);
    const s = await serve(['--base-url', emu.baseUrl, '--retries', '0']);
    const reply = await post(s.url);
    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.text).error).toMatch(message);
    expectClean(s);
  });

  it('an upstream that hangs → 502 after --timeout; one that echoes the key and a token leaks neither', async () => {
    const echo = await hostileHttp((req, res) => {
      if (req.url?.includes('hang')) return;
      res.writeHead(500, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            code: 500,
            message: `bad key ${String(req.headers['x-goog-api-key'])} auth_tokens/sekrit-token-1234`,
            status: 'INTERNAL',
          },
        }),
      );
    });
    running.push(echo);
    const hung = await serve(['--base-url', `${echo.baseUrl}/hang`, '--retries', '0', '--timeout', '1s']);
    expect((await post(hung.url)).status).toBe(502);
    expectClean(hung);
    const s = await serve(['--base-url', echo.baseUrl, '--retries', '0']);
    const reply = await post(s.url);
    expect(reply.status).toBe(502);
    expect(reply.text).not.toContain('sekrit');
    await expect.poll(() => s.stderr()).toMatch(/^POST \/token 502/m);
    expect(s.stderr()).not.toContain('sekrit-token');
    expectClean(s);
  });

  it('SIGTERM during a mint: the mint finishes, its token is delivered, then exit 0', async () => {
    let release: (() => void) | undefined;
    const slow = await hostileHttp((_req, res) => {
      release = () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"auth_tokens/slowtoken0001"}');
    });
    running.push(slow);
    const s = await serve(['--base-url', slow.baseUrl, '--retries', '0']);
    const pending = post(s.url);
    await expect.poll(() => slow.requests.length).toBe(1);
    s.process.kill('SIGTERM');
    // New connections are refused at once; the one in flight is still waiting for its token.
    // The child handles the signal on its own time: on a loaded machine that can take longer than poll's 1 s default.
    await expect
      .poll(
        async () =>
          fetch(`${s.url}/healthz`).then(
            () => 'open',
            () => 'closed',
          ),
        { timeout: 15_000 },
      )
      .toBe('closed');
    release!();
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).name).toBe('auth_tokens/slowtoken0001');
    expect(await s.stop()).toBe(0);
    expectClean(s);
  });
});

describe('gemtoken serve refuses to start', () => {
  it.each([
    [['--host', '0.0.0.0'], /reachable from other machines.*--auth bearer/],
    [['--host', '0.0.0.0', '--auth', 'none'], /--auth none is for loopback only/],
    [['--auth', 'bearer:NOT_SET'], /NOT_SET is not set/],
    [['--auth', 'basic:x'], /not bearer:<ENV_VAR> or none/],
    [['--rate', 'lots'], /not a rate/],
    [['--allow-origin', 'https://app.example/path'], /not an origin/],
    [['--ttl', '30h'], /less than 20h/],
  ])('%j → exit 2, one line, nothing bound', async (args, message) => {
    const result = await runCli(['serve', '--port', '0', ...args], { env: KEY_ENV });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(hasStackTrace(result)).toBe(false);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('no API key and no --emulator → exit 2 naming both ways out', async () => {
    const result = await runCli(['serve', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no API key.*\n.*--emulator/);
  });
});
