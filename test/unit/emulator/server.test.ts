// In-process: createEmulatorServer() on 127.0.0.1 port 0, driven with fetch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorServer, type RunningEmulator } from '../../../src/emulator/index.js';
import { parseFaultSpec } from '../../../src/emulator/faults.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const KEY = 'test-key-0123456789abcdef';
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
let clock: FakeClock;
let emu: RunningEmulator;
let lines: string[];

async function start(extra: Parameters<typeof createEmulatorServer>[0] = {}): Promise<void> {
  lines = [];
  emu = await createEmulatorServer({
    apiKeys: [KEY],
    clock,
    log: { format: 'json', write: (line) => lines.push(line) },
    ...extra,
  });
}

function mint(
  body: unknown,
  init: { path?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<Response> {
  return fetch(`${emu.baseUrl}${init.path ?? '/v1alpha/auth_tokens'}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY, ...init.headers },
    ...(init.method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

function admin(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${emu.baseUrl}/emulator/${path}`, {
    method,
    headers: { 'x-goog-api-key': KEY },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeEach(() => {
  clock = new FakeClock(NOW);
});
afterEach(async () => {
  await emu?.close();
});

describe('POST /{version}/auth_tokens', () => {
  beforeEach(() => start());

  it.each(['v1alpha', 'v1beta', 'v1'])('mints on %s and stores limits for the Live half', async (version) => {
    const res = await mint(
      {
        uses: 0,
        bidiGenerateContentSetup: { model: 'models/gemini-3.8-live', generationConfig: { temperature: 0.5 } },
      },
      { path: `/${version}/auth_tokens` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = (await res.json()) as { name: string };
    expect(Object.keys(body)).toEqual(['name']);
    expect(body.name).toMatch(/^auth_tokens\/[0-9a-f]{64}$/);
    expect(emu.core.store.get(body.name)).toEqual({
      name: body.name,
      apiVersion: version,
      createdAt: NOW,
      expireTime: NOW + 30 * 60_000,
      newSessionExpireTime: NOW + 60_000,
      uses: 0,
      usesConsumed: 0,
      setup: { model: 'models/gemini-3.8-live', generationConfig: { temperature: 0.5 } },
      fieldMask: [],
    });
  });

  it('refuses liveConnectConstraints with the exact observed 400, parsed before the key', async () => {
    const message =
      'Invalid JSON payload received. Unknown name "liveConnectConstraints" at \'auth_token\': Cannot find field.';
    for (const headers of [{}, { 'x-goog-api-key': 'nope-nope-nope' }, { 'x-goog-api-key': '' }] as Record<
      string,
      string
    >[]) {
      const res = await mint({ uses: 1, liveConnectConstraints: { model: 'gemini-3.8-live' } }, { headers });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: 400,
          message,
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: 'auth_token', description: message }],
            },
          ],
        },
      });
    }
    // Any unknown name, and malformed JSON, also beat a bad key; a good body with a bad key is the key's 400.
    expect((await mint({ config: {} }, { headers: { 'x-goog-api-key': '' } })).status).toBe(400);
    expect((await mint('{nope', { headers: { 'x-goog-api-key': '' } })).status).toBe(400);
    expect((await mint({ uses: 1 }, { headers: { 'x-goog-api-key': '' } })).status).toBe(403);
    expect(emu.core.store.size).toBe(0);
  });

  it('accepts ?key= and a double slash from a trailing-slash base URL', async () => {
    const res = await mint({}, { path: `//v1beta/auth_tokens?key=${KEY}`, headers: { 'x-goog-api-key': '' } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no key', { 'x-goog-api-key': '' }, 403, 'PERMISSION_DENIED', /^Method doesn't allow unregistered callers/],
    [
      'unknown key',
      { 'x-goog-api-key': 'nope-nope-nope' },
      400,
      'INVALID_ARGUMENT',
      /^API key not valid\. Please pass a valid API key\.$/,
    ],
  ])('%s', async (_name, headers, status, canonical, message) => {
    const res = await mint({}, { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const { error } = (await res.json()) as {
      error: { code: number; status: string; message: string; details?: { reason?: string }[] };
    };
    expect(error.code).toBe(status);
    expect(error.status).toBe(canonical);
    expect(error.message).toMatch(message);
    if (status === 400) expect(error.details?.[0]?.reason).toBe('API_KEY_INVALID');
    expect(emu.core.store.size).toBe(0);
  });

  it('answers malformed JSON, wrong method, unknown path and oversized bodies with JSON errors', async () => {
    const bad = await mint('{nope');
    expect([bad.status, ((await bad.json()) as { error: { status: string } }).error.status]).toEqual([
      400,
      'INVALID_ARGUMENT',
    ]);
    const get = await mint(undefined, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const missing = await mint({}, { path: '/v2/auth_tokens' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { status: string } }).error.status).toBe('NOT_FOUND');
    const big = await mint({ pad: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect((await mint({})).status).toBe(200);
  });

  it('rejects the SDK 2.x lockAdditionalFields:[] + tools body', async () => {
    const res = await mint({
      bidiGenerateContentSetup: {
        model: 'models/m',
        generationConfig: { responseModalities: ['AUDIO'] },
        tools: [{ googleSearch: {} }],
      },
      fieldMask: 'model,generationConfig.responseModalities,tools.0',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'field_mask is invalid for BidiGenerateContentSetup',
    );
  });

  it('validates times against the injected clock', async () => {
    clock.advance(3_600_000);
    const res = await mint({ expireTime: new Date(NOW + 1_800_000).toISOString() });
    expect(res.status).toBe(400);
  });

  it('sweeps expired tokens once a minute', async () => {
    expect(
      (
        await mint({
          expireTime: new Date(NOW + 110_000).toISOString(),
          newSessionExpireTime: new Date(NOW + 60_000).toISOString(),
        })
      ).status,
    ).toBe(200);
    clock.advance(119_999);
    expect(emu.core.store.size).toBe(1);
    clock.advance(1);
    expect(emu.core.store.size).toBe(0);
  });

  it('takes wall time from the now option when one is given', async () => {
    await emu.close();
    await start({ now: () => NOW + 5 });
    const { name } = (await (await mint({})).json()) as { name: string };
    expect(emu.core.store.get(name)).toMatchObject({ createdAt: NOW + 5, expireTime: NOW + 5 + 30 * 60_000 });
  });

  it('never logs keys or tokens, one NDJSON record per request', async () => {
    const { name } = (await (await mint({})).json()) as { name: string };
    await mint({}, { path: `/v1alpha/auth_tokens?key=${KEY}`, headers: { 'x-goog-api-key': '' } });
    await mint({}, { path: `/v1alpha/auth_tokens/${name.slice('auth_tokens/'.length)}` });
    const text = lines.join('');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(name.slice('auth_tokens/'.length));
    const records = lines.map(
      (line) => JSON.parse(line) as { event: string; time: string; status?: number; ms?: number },
    );
    expect(records.filter((r) => r.event === 'request').map(({ time, status, ms }) => ({ time, status, ms }))).toEqual(
      [200, 200, 404].map((status) => ({ time: '2026-12-01T00:00:00.000Z', status, ms: 0 })),
    );
  });
});

describe('faults and the admin API', () => {
  it('plays --fault specs in order, then serves normally', async () => {
    await start({ faults: [parseFaultSpec('rest:429:7'), parseFaultSpec('rest:500'), parseFaultSpec('rest:503')] });
    const r429 = await mint({});
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('7');
    expect(((await r429.json()) as { error: { status: string } }).error.status).toBe('RESOURCE_EXHAUSTED');
    expect((await mint({})).status).toBe(500);
    expect((await mint({})).status).toBe(503);
    expect((await mint({})).status).toBe(200);
  });

  it('scripts faults at run time, lists and clears them, and requires a key', async () => {
    await start();
    expect((await fetch(`${emu.baseUrl}/emulator/faults`, { method: 'POST', body: '{}' })).status).toBe(403);
    const added = await admin('faults', 'POST', { surface: 'rest', kind: 'status429', count: 2, retryAfterSeconds: 1 });
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({
      faults: [{ surface: 'rest', kind: 'status429', remaining: 2, retryAfterSeconds: 1 }],
    });
    expect((await admin('faults', 'POST', { spec: 'live:drop' })).status).toBe(200);
    expect((await admin('faults', 'POST', { surface: 'rest', kind: 'teapot' })).status).toBe(400);
    expect((await mint({})).status).toBe(429);
    expect(emu.core.faults.takeLive(['drop'], 0)).toEqual({ kind: 'drop' });
    expect(await (await admin('faults', 'DELETE')).json()).toEqual({ faults: [] });
    expect((await mint({})).status).toBe(200);
  });

  it('holds a hang fault open (others are still served) until the emulator closes, which answers it 503 after its grace', async () => {
    await start({ faults: [parseFaultSpec('rest:hang')] });
    let settled = false;
    const hung = mint({}).then(
      (res) => ((settled = true), res),
      (error: unknown) => ((settled = true), error),
    );
    await expect.poll(async () => ((await (await admin('requests')).json()) as { total: number }).total).toBe(1);
    expect((await mint({})).status).toBe(200);
    expect(settled).toBe(false);
    await emu.close();
    const cut = (await hung) as Response;
    expect({ status: cut.status, body: await cut.json() }).toEqual({
      status: 503,
      body: { error: { code: 503, message: 'The emulator is shutting down.', status: 'UNAVAILABLE' } },
    });
  });

  it('lets a client give up on a hung request', async () => {
    await start({ faults: [parseFaultSpec('rest:hangx2')] });
    const controller = new AbortController();
    const hung = fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { 'x-goog-api-key': KEY },
      signal: controller.signal,
    });
    await expect.poll(async () => ((await (await admin('requests')).json()) as { total: number }).total).toBe(1);
    controller.abort();
    await expect(hung).rejects.toThrow();
    await expect.poll(() => lines.some((line) => line.includes('"status":"no-reply"'))).toBe(true);
  });

  it('counts REST requests per path and dispatches registered admin handlers', async () => {
    await start();
    await mint({});
    await mint({}, { path: '/nope' });
    expect(await (await admin('requests')).json()).toEqual({
      total: 2,
      byPath: { '/v1alpha/auth_tokens': 1, '/nope': 1 },
    });
    emu.core.admin.set('sessions', async () => ({ status: 200, body: { sessions: [] } }));
    emu.core.admin.set('broken', async () => {
      throw new Error('handler bug');
    });
    expect(await (await admin('sessions')).json()).toEqual({ sessions: [] });
    expect((await admin('broken')).status).toBe(500);
    expect((await admin('missing')).status).toBe(404);
    expect((await admin('requests', 'DELETE')).status).toBe(200);
    expect(await (await admin('requests')).json()).toEqual({ total: 0, byPath: {} });
    const broken = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((r) => r.path === '/emulator/broken');
    expect(broken).toEqual({
      time: '2026-12-01T00:00:00.000Z',
      event: 'request',
      method: 'GET',
      path: '/emulator/broken',
      status: 500,
      ms: 0,
      error: 'internal',
      detail: 'handler bug',
    });
  });

  it('lists minted tokens through GET /emulator/tokens', async () => {
    await start();
    const { name } = (await (await mint({ uses: 3, bidiGenerateContentSetup: { model: 'models/x' } })).json()) as {
      name: string;
    };
    const { tokens } = (await (await admin('tokens')).json()) as { tokens: Record<string, unknown>[] };
    expect(tokens).toEqual([
      {
        name,
        apiVersion: 'v1alpha',
        createdAt: '2026-12-01T00:00:00.000Z',
        expireTime: '2026-12-01T00:30:00.000Z',
        newSessionExpireTime: '2026-12-01T00:01:00.000Z',
        uses: 3,
        usesConsumed: 0,
        setup: { model: 'models/x' },
        fieldMask: [],
      },
    ]);
  });
});

describe('POST auth_tokens with the documented profile (quirk rest-refuses-live-connect-constraints off)', () => {
  it.each([
    ['profile documented', { profile: 'documented' as const }],
    ['quirk switched off alone', { quirks: { 'rest-refuses-live-connect-constraints': false } }],
  ])('%s: maps liveConnectConstraints to the wire setup', async (_name, options) => {
    await start(options);
    const res = await mint({
      uses: 0,
      liveConnectConstraints: { model: 'gemini-3.8-live', config: { temperature: 0.5 } },
    });
    expect(res.status).toBe(200);
    const { name } = (await res.json()) as { name: string };
    expect(emu.core.store.get(name)?.setup).toEqual({
      model: 'models/gemini-3.8-live',
      generationConfig: { temperature: 0.5 },
    });
  });
});
