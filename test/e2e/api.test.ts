// The programmatic API (src/index.ts): mintToken against an emulator started through
// startEmulator, what the emulator stored, typed errors with nothing sent on bad options, and that
// importing the built entry point loads no CLI or UI code. The dist check needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiRejectedError,
  AuthError,
  ExitCode,
  GemtokenError,
  NetworkError,
  UsageError,
  mintToken,
  startEmulator,
  type Emulator,
  type MintTokenOptions,
} from '../../src/index.js';
import { ROOT, scrubbedEnv } from '../helpers/cli.js';

const KEY = 'api-test-key-0123456789abcdef';
let emu: Emulator;
const logLines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ apiKeys: [KEY], log: (line) => logLines.push(line) });
});
afterAll(async () => {
  await emu.close();
  expect(logLines.join('\n')).not.toContain(KEY);
});

async function admin(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.baseUrl}/emulator/${route}`, {
    method,
    headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}
const requests = async (): Promise<number> => (await admin('GET', 'requests')).total as number;
beforeEach(async () => {
  await admin('DELETE', 'faults');
  await admin('DELETE', 'requests');
});

describe('mintToken against startEmulator', () => {
  it('defaults: one request, uses 1, 30m / 1m, v1alpha, the emulator stored it', async () => {
    const before = Date.now();
    const token = await mintToken({ apiKey: KEY, baseUrl: emu.baseUrl });
    expect(Object.keys(token)).toEqual(['name', 'expireTime', 'newSessionExpireTime', 'uses', 'apiVersion', 'locked']);
    expect(token.name).toMatch(/^auth_tokens\/./);
    expect(token).toMatchObject({ uses: 1, apiVersion: 'v1alpha', locked: { mode: 'none', fields: [] } });
    expect(Date.parse(token.expireTime) - before).toBeGreaterThanOrEqual(30 * 60_000);
    expect(Date.parse(token.expireTime) - before).toBeLessThan(31 * 60_000);
    expect(Date.parse(token.newSessionExpireTime) - before).toBeLessThan(61_000);
    expect(await requests()).toBe(1);
    const { tokens } = (await admin('GET', 'tokens')) as {
      tokens: { name: string; uses: number; expireTime: string }[];
    };
    expect(tokens.find((t) => t.name === token.name)).toMatchObject({ uses: 1, expireTime: token.expireTime });
  });

  it('model, config, lock, uses, ttl in ms, Date expiry and v1beta reach the stored token', async () => {
    const newSessionExpireTime = new Date(Date.now() + 5 * 60_000);
    const token = await mintToken({
      apiKey: KEY,
      baseUrl: `${emu.baseUrl}/`,
      apiVersion: 'v1beta',
      uses: 0,
      ttl: 2 * 3_600_000,
      newSessionExpireTime,
      model: 'gemini-3.8-live',
      config: { responseModalities: ['AUDIO'], systemInstruction: 'Be brief.', temperature: undefined },
      lock: ['temperature'],
    });
    expect(token).toMatchObject({
      uses: 0,
      model: 'models/gemini-3.8-live',
      apiVersion: 'v1beta',
      newSessionExpireTime: newSessionExpireTime.toISOString(),
    });
    expect(token.locked).toEqual({
      mode: 'fields',
      fields: ['model', 'generationConfig.responseModalities', 'systemInstruction', 'generationConfig.temperature'],
    });
    const { tokens } = (await admin('GET', 'tokens')) as {
      tokens: { name: string; apiVersion: string; setup: unknown; fieldMask: unknown }[];
    };
    const stored = tokens.find((t) => t.name === token.name)!;
    expect(stored.apiVersion).toBe('v1beta');
    expect(stored.setup).toMatchObject({
      model: 'models/gemini-3.8-live',
      generationConfig: { responseModalities: ['AUDIO'] },
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
    });
    expect(String(stored.fieldMask)).toContain('generationConfig.temperature');
  });

  it.each<[string, Partial<MintTokenOptions>, RegExp]>([
    ['no key', { apiKey: '' }, /apiKey must be a non-empty API key/],
    ['key with a space', { apiKey: 'a b' }, /apiKey must be/],
    ['negative uses', { uses: -1 }, /--uses '-1' must be a whole number/],
    ['fractional uses', { uses: 1.5 }, /whole number/],
    ['bad ttl text', { ttl: '5x' }, /--ttl '5x' is not a duration/],
    ['ttl of 20h', { ttl: 20 * 3_600_000 }, /less than 20h/],
    ['ttl and expireTime', { ttl: '1m', expireTime: new Date(Date.now() + 60_000) }, /either --ttl or --expire-at/],
    ['invalid Date', { expireTime: new Date('nope') }, /not a valid Date/],
    ['past expiry', { expireTime: '2001-01-01T00:00:00Z' }, /must be in the future/],
    ['new session after expiry', { ttl: '1m', newSessionTtl: '2m' }, /after the token expiry/],
    ['bad model', { model: '../x' }, /not a valid model name/],
    ['unknown config key', { config: { responseModality: ['AUDIO'] } }, /unknown key 'responseModality'/],
    [
      'unknown nested config key',
      { config: { sessionResumption: { handel: 'x' } } },
      /unknown key "sessionResumption\.handel"/,
    ],
    ['config not an object', { config: 'AUDIO' as never }, /config must be a JSON object/],
    ['unknown lock field', { lock: ['nope'] }, /unknown field 'nope'/],
    ['lock without model or config', { lock: ['temperature'] }, /lock needs a locked setup/],
    ['lock [] with an empty config', { lock: [], config: {} }, /lock needs a locked setup/],
    ['bad api version', { apiVersion: 'v2' as never }, /--api-version 'v2' is not one of/],
    ['bad base url', { baseUrl: 'ftp://x' }, /must be an http or https URL/],
    ['zero timeout', { timeoutMs: 0 }, /timeoutMs '0' must be a whole number/],
    [
      'TEXT on an audio-only model',
      { model: 'gemini-3.8-live', config: { responseModalities: ['TEXT'] } },
      /^gemini-3\.8-live answers in audio only; a TEXT response modality fails at setup$/,
    ],
  ])('%s → UsageError (exit 2), nothing sent, no key in the message', async (_name, options, message) => {
    const error = await mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(KEY);
    expect(await requests()).toBe(0);
  });

  it('a full lock says so in `locked`; the library prints no warning for it', async () => {
    const token = await mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, model: 'gemini-3.8-live' });
    expect(token.locked).toEqual({ mode: 'full', fields: ['model'] });
  });

  it('an unchosen version that answers 404 falls back to v1beta once; a chosen one does not', async () => {
    const paths: string[] = [];
    // Only the path matters here: v1alpha is gone, v1beta answers.
    const fetch = (async (input: string | URL | Request) => {
      const { pathname } = new URL(String(input));
      paths.push(pathname);
      return pathname.startsWith('/v1alpha/')
        ? new Response(JSON.stringify({ error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } }), {
            status: 404,
          })
        : new Response(JSON.stringify({ name: 'auth_tokens/from-v1beta' }), { status: 200 });
    }) as typeof globalThis.fetch;
    const token = await mintToken({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', fetch });
    expect(token).toMatchObject({ name: 'auth_tokens/from-v1beta', apiVersion: 'v1beta' });
    expect(paths).toEqual(['/v1alpha/auth_tokens', '/v1beta/auth_tokens']);
    const error = await mintToken({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', apiVersion: 'v1alpha', fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiRejectedError);
    expect(paths).toHaveLength(3);
  });

  it('a wrong key is an AuthError (3) naming the option, never the key', async () => {
    const error = await mintToken({ apiKey: 'wrong-key-abcdef', baseUrl: emu.baseUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(GemtokenError);
    expect((error as AuthError).exitCode).toBe(3);
    expect((error as AuthError).hint).toContain('the apiKey option');
    expect(`${(error as Error).message} ${(error as AuthError).hint}`).not.toContain('wrong-key-abcdef');
  });

  it('503 is retried, then NetworkError (5); 429 without retries is ApiRejectedError (4)', async () => {
    await admin('POST', 'faults', { spec: 'rest:503x2' });
    const ok = await mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, retries: 2 });
    expect(ok.name).toMatch(/^auth_tokens\//);
    expect(await requests()).toBe(3);
    await admin('POST', 'faults', { spec: 'rest:503x2' });
    await expect(mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, retries: 1 })).rejects.toBeInstanceOf(NetworkError);
    await admin('POST', 'faults', { spec: 'rest:429' });
    const limited = await mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, retries: 0 }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ApiRejectedError);
    expect((limited as ApiRejectedError).exitCode).toBe(4);
  });

  it('a hung server and a short timeout give NetworkError; an aborted signal stops the mint', async () => {
    await admin('POST', 'faults', { spec: 'rest:hang' });
    await expect(mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, retries: 0, timeoutMs: 200 })).rejects.toBeInstanceOf(
      NetworkError,
    );
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(mintToken({ apiKey: KEY, baseUrl: emu.baseUrl, signal: controller.signal })).rejects.toThrow();
  });

  it('uses an injected fetch', async () => {
    const urls: string[] = [];
    const token = await mintToken({
      apiKey: KEY,
      baseUrl: 'http://gemini.invalid',
      fetch: async (input) => (
        urls.push(String(input)),
        new Response(JSON.stringify({ name: 'auth_tokens/injected' }), { status: 200 })
      ),
    });
    expect(token.name).toBe('auth_tokens/injected');
    expect(urls).toEqual(['http://gemini.invalid/v1alpha/auth_tokens']);
  });
});

describe('startEmulator options', () => {
  it('faults given at start are applied; a generated key works', async () => {
    const local = await startEmulator({ faults: ['rest:500'] });
    try {
      expect(local.apiKeys).toHaveLength(1);
      expect(local.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await expect(mintToken({ apiKey: local.apiKeys[0]!, baseUrl: local.baseUrl, retries: 0 })).rejects.toBeInstanceOf(
        NetworkError,
      );
      expect((await mintToken({ apiKey: local.apiKeys[0]!, baseUrl: local.baseUrl })).name).toMatch(/^auth_tokens\//);
    } finally {
      await local.close();
    }
  });

  it.each<[string, Parameters<typeof startEmulator>[0], RegExp]>([
    ['bad fault spec', { faults: ['rest:418'] }, /^startEmulator: /],
    ['bad port', { port: 70_000 }, /port 70000 is not 0–65535/],
  ])('%s → UsageError', async (_name, options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message);
    await expect(startEmulator(options)).rejects.toBeInstanceOf(UsageError);
  });

  it('a port in use → UsageError', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmulator({ port })).rejects.toThrow(`startEmulator: port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});

it('importing the built package entry loads no CLI, UI, SDK or emulator code', () => {
  const hooks = `
    import { writeSync } from 'node:fs';
    export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); writeSync(2, 'LOADED ' + r.url + '\\n'); return r; }
  `;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const entry = path.join(ROOT, 'dist', 'index.js');
  const script = `const api = await import(${JSON.stringify(entry)}); console.log(Object.keys(api).sort().join(','));`;
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script],
    {
      env: scrubbedEnv(),
      encoding: 'utf8',
    },
  );
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.trim()).toBe(
    'ApiRejectedError,AudioDeviceError,AuthError,ExitCode,GemtokenError,InterruptedError,NetworkError,UsageError,mintToken,serveTokens,startEmulator',
  );
  const loaded = result.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
  expect(loaded.length).toBeGreaterThan(1);
  const heavy = loaded.filter((m) =>
    /node_modules\/(commander|chalk|ora|@inquirer|@google\/genai|ws|mic|speaker)\/|\/dist\/(terminal|commands|emulator|live|audio)\//.test(
      m,
    ),
  );
  expect(heavy).toEqual([]);
});
