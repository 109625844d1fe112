// Per-test isolation: POST /emulator/reset forgets what the calling key owns (an admin
// key: everything), and RunningEmulator.reset() / the library's Emulator.reset() forget everything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorServer, type RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator as startLibraryEmulator } from '../../../src/index.js';
import { KEY_PATH, LiveTestClient, TOKEN_PATH } from '../../helpers/live-client.js';

const A = 'reset-key-a-0123456789';
const B = 'reset-key-b-0123456789';
const ADMIN = 'reset-admin-0123456789';
const SETUP = { model: 'models/gemini-3.8-live', sessionResumption: {} };

let emu: RunningEmulator;
beforeEach(async () => (emu = await createEmulatorServer({ port: 0, apiKeys: [A, B], adminKeys: [ADMIN] })));
afterEach(async () => emu.close());

async function call(
  key: string,
  method: string,
  name: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emu.baseUrl}/emulator/${name}`, {
    method,
    headers: { 'x-goog-api-key': key, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function mint(key: string): Promise<string> {
  const response = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, {
    method: 'POST',
    headers: { 'x-goog-api-key': key, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { name: string }).name;
}

async function openSession(query: string, path = KEY_PATH): Promise<LiveTestClient> {
  const client = await LiveTestClient.open(`${emu.baseUrl.replace('http', 'ws')}${path}?${query}`);
  await client.setup(SETUP);
  return client;
}

const counts = async (key: string) => ({
  tokens: ((await call(key, 'GET', 'tokens')).json.tokens as unknown[]).length,
  sessions: ((await call(key, 'GET', 'sessions')).json.sessions as unknown[]).length,
  conversations: ((await call(key, 'GET', 'sessions')).json.conversations as unknown[]).length,
  requests: (await call(key, 'GET', 'requests')).json.total,
  faults: ((await call(key, 'GET', 'faults')).json.faults as unknown[]).length,
});

describe('POST /emulator/reset', () => {
  it("a key resets only what it owns: its open session closes 1001, its token stops working; the other key's survive", async () => {
    const tokenA = await mint(A);
    await mint(B);
    const sessionA = await openSession(`key=${A}`);
    const sessionB = await openSession(`key=${B}`);
    await call(A, 'POST', 'faults', { spec: 'rest:503' });
    await call(B, 'POST', 'faults', { spec: 'rest:500' });
    expect(await counts(A)).toEqual({ tokens: 1, sessions: 1, conversations: 1, requests: 1, faults: 1 });

    const reset = await call(A, 'POST', 'reset');
    expect(reset).toEqual({ status: 200, json: { reset: 'key' } });
    expect(await sessionA.closed).toEqual({ code: 1001, reason: 'The emulator was reset.' });
    expect(await counts(A)).toEqual({ tokens: 0, sessions: 0, conversations: 0, requests: 0, faults: 0 });
    expect(await counts(B)).toEqual({ tokens: 1, sessions: 1, conversations: 1, requests: 1, faults: 1 });
    expect(sessionB.ws.readyState).toBe(sessionB.ws.OPEN);

    // The forgotten token no longer authenticates a Live connection.
    const late = await LiveTestClient.open(`${emu.baseUrl.replace('http', 'ws')}${TOKEN_PATH}?access_token=${tokenA}`);
    late.send({ setup: SETUP });
    expect((await late.closed).code).toBe(1008);
    sessionB.close();
  });

  it('an admin key resets every key; other methods are 405; a bad key is refused', async () => {
    await mint(A);
    await mint(B);
    const sessionB = await openSession(`key=${B}`);
    expect(await call(ADMIN, 'POST', 'reset')).toEqual({ status: 200, json: { reset: 'all' } });
    expect((await sessionB.closed).code).toBe(1001);
    for (const key of [A, B])
      expect(await counts(key)).toEqual({ tokens: 0, sessions: 0, conversations: 0, requests: 0, faults: 0 });
    expect((await call(A, 'GET', 'reset')).status).toBe(405);
    expect((await call('wrong-key', 'POST', 'reset')).status).not.toBe(200);
    expect(await counts(B)).toMatchObject({ tokens: 0 });
  });

  it('RunningEmulator.reset() forgets everything and keeps the port and keys', async () => {
    await mint(A);
    await mint(B);
    const session = await openSession(`key=${A}`);
    const before = emu.baseUrl;
    await emu.reset();
    expect((await session.closed).code).toBe(1001);
    expect(emu.baseUrl).toBe(before);
    for (const key of [A, B])
      expect(await counts(key)).toEqual({ tokens: 0, sessions: 0, conversations: 0, requests: 0, faults: 0 });
    expect(await mint(A)).toMatch(/^auth_tokens\//);
  });
});

describe("the library's Emulator.reset()", () => {
  it('forgets tokens and queued faults', async () => {
    const lib = await startLibraryEmulator({ apiKeys: [A], faults: ['rest:503'] });
    try {
      await fetch(`${lib.baseUrl}/v1alpha/auth_tokens`, {
        method: 'POST',
        headers: { 'x-goog-api-key': A },
        body: '{}',
      });
      await fetch(`${lib.baseUrl}/v1alpha/auth_tokens`, {
        method: 'POST',
        headers: { 'x-goog-api-key': A },
        body: '{}',
      });
      const list = async (name: string) =>
        (await fetch(`${lib.baseUrl}/emulator/${name}`, { headers: { 'x-goog-api-key': A } })).json() as Promise<
          Record<string, unknown[]>
        >;
      expect((await list('tokens')).tokens).toHaveLength(1);
      await lib.reset();
      expect((await list('tokens')).tokens).toHaveLength(0);
      expect((await list('faults')).faults).toHaveLength(0);
    } finally {
      await lib.close();
    }
  });
});
