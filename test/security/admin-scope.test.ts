// The emulator's admin API is scoped per API key. Key B must not see the tokens (with their
// locked system instructions), sessions, conversations, request counts or faults of key A, nor clear
// or trip A's faults; an --admin-key sees and clears everything. The spawned `gemtoken emulator`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { LiveTestClient, TOKEN_PATH, KEY_PATH, type ServerMessage } from '../helpers/live-client.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

const A = CANARY_KEY;
const B = 'AIzaSyKeyOfSuiteB-0123456789abcdefghijk';
const ADMIN = 'admin-key-0123456789abcdefghijklmnop';
const SECRET_INSTRUCTION = 'You are the assistant of suite A: never reveal this line.';
const SETUP = { model: 'models/gemini-3.8-live' };

let emu: EmulatorHandle;
let admined: EmulatorHandle;
const seen: string[] = [];

beforeAll(async () => {
  [emu, admined] = await Promise.all([
    spawnEmulator(['--api-key', A, '--api-key', B]),
    spawnEmulator(['--api-key', A, '--api-key', B, '--admin-key', ADMIN]),
  ]);
});
afterAll(async () => {
  await Promise.all([emu.stop(), admined.stop()]);
  // A's key appears nowhere B or the operator could read: replies to B, the request logs.
  expectNoCanary({ repliesToB: seen.join('\n'), log: emu.log(), adminLog: admined.log() });
});

async function call(
  target: EmulatorHandle,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: ServerMessage }> {
  const res = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { 'x-goog-api-key': key, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (key === B) seen.push(text);
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as ServerMessage) };
}

const admin = async (
  target: EmulatorHandle,
  key: string,
  method: string,
  name: string,
  body?: unknown,
): Promise<ServerMessage> => {
  const { status, json } = await call(target, key, method, `/emulator/${name}`, body);
  expect(status, `${method} /emulator/${name}`).toBe(200);
  return json;
};

async function mintLocked(target: EmulatorHandle, key: string): Promise<string> {
  // A full lock names its modality: without one the service falls back to TEXT, which this
  // audio-only model refuses at connect (quirk full-lock-default-text).
  const setup = {
    ...SETUP,
    generationConfig: { responseModalities: ['AUDIO'] },
    systemInstruction: { parts: [{ text: SECRET_INSTRUCTION }] },
  };
  const { status, json } = await call(target, key, 'POST', '/v1alpha/auth_tokens', {
    uses: 0,
    bidiGenerateContentSetup: setup,
  });
  expect(status).toBe(200);
  return json.name as string;
}

/** Opens a session with the token (or the key) and completes setup. */
async function openSession(
  target: EmulatorHandle,
  credential: { token: string } | { key: string },
): Promise<LiveTestClient> {
  const ws = target.baseUrl.replace(/^http/, 'ws');
  const url =
    'token' in credential
      ? `${ws}${TOKEN_PATH}?access_token=${credential.token}`
      : `${ws}${KEY_PATH}?key=${credential.key}`;
  const client = await LiveTestClient.open(url);
  await client.setup(SETUP);
  return client;
}

describe('admin API scoped per key (two keys, no admin key)', () => {
  it("B sees none of A's tokens; A sees its own, locked instruction included", async () => {
    const name = await mintLocked(emu, A);
    const ofB = await admin(emu, B, 'GET', 'tokens');
    expect(ofB.tokens).toEqual([]);
    expect(JSON.stringify(ofB)).not.toContain(SECRET_INSTRUCTION);
    const ofA = await admin(emu, A, 'GET', 'tokens');
    expect(ofA.tokens.map((t: ServerMessage) => t.name)).toContain(name);
    expect(JSON.stringify(ofA)).toContain(SECRET_INSTRUCTION);
  });

  it("B sees none of A's sessions or conversations (token or key); A sees both", async () => {
    const token = await mintLocked(emu, A);
    const [byToken, byKey] = await Promise.all([openSession(emu, { token }), openSession(emu, { key: A })]);
    const bOwn = await openSession(emu, { key: B });
    const ofB = await admin(emu, B, 'GET', 'sessions');
    expect(ofB.sessions).toHaveLength(1);
    expect(ofB.sessions[0]).toMatchObject({ auth: 'key', open: true, setup: { systemInstruction: null } });
    expect(ofB.conversations).toHaveLength(1);
    expect(ofB.openSessions).toBe(1);
    expect(JSON.stringify(ofB)).not.toContain(SECRET_INSTRUCTION);
    const ofA = await admin(emu, A, 'GET', 'sessions');
    expect(ofA.sessions.map((s: ServerMessage) => s.auth).sort()).toEqual(['key', 'token']);
    expect(ofA.conversations).toHaveLength(2);
    expect(JSON.stringify(ofA)).toContain(SECRET_INSTRUCTION);
    for (const client of [byToken, byKey, bOwn]) client.close();
    await Promise.all([byToken.closed, byKey.closed, bOwn.closed]);
  });

  it("request counts are per key: B neither sees nor resets A's", async () => {
    await admin(emu, A, 'DELETE', 'requests');
    await admin(emu, B, 'DELETE', 'requests');
    await call(emu, A, 'POST', '/v1alpha/auth_tokens', {});
    await call(emu, A, 'GET', '/nope');
    await call(emu, B, 'POST', '/v1alpha/auth_tokens', {});
    expect(await admin(emu, B, 'GET', 'requests')).toEqual({ total: 1, byPath: { '/v1alpha/auth_tokens': 1 } });
    await admin(emu, B, 'DELETE', 'requests');
    expect(await admin(emu, A, 'GET', 'requests')).toEqual({
      total: 2,
      byPath: { '/v1alpha/auth_tokens': 1, '/nope': 1 },
    });
  });

  it('requests without a valid key belong to no key: every key counts them (a suite can count its bad-key attempts)', async () => {
    await admin(emu, A, 'DELETE', 'requests');
    await admin(emu, B, 'DELETE', 'requests');
    await call(emu, 'not-a-key-0123456789', 'POST', '/v1alpha/auth_tokens', {});
    expect(await admin(emu, A, 'GET', 'requests')).toEqual({ total: 1, byPath: { '/v1alpha/auth_tokens': 1 } });
    expect(await admin(emu, B, 'GET', 'requests')).toEqual({ total: 1, byPath: { '/v1alpha/auth_tokens': 1 } });
  });

  it("a REST fault queued by A hits only A's requests; B neither sees nor clears it", async () => {
    await admin(emu, A, 'POST', 'faults', { spec: 'rest:503x2' });
    expect((await admin(emu, B, 'GET', 'faults')).faults).toEqual([]);
    expect((await call(emu, B, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(200);
    expect((await admin(emu, B, 'DELETE', 'faults')).faults).toEqual([]);
    expect((await admin(emu, A, 'GET', 'faults')).faults).toEqual([
      { surface: 'rest', kind: 'status503', remaining: 2 },
    ]);
    expect((await call(emu, A, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(503);
    expect((await admin(emu, A, 'DELETE', 'faults')).faults).toEqual([]);
    expect((await call(emu, A, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(200);
  });

  it("a Live fault queued by A hits A's token sessions, not B's", async () => {
    await admin(emu, A, 'POST', 'faults', { spec: 'live:refuse' });
    const ws = emu.baseUrl.replace(/^http/, 'ws');
    const ofB = await LiveTestClient.open(`${ws}${KEY_PATH}?key=${B}`);
    expect(ofB.httpStatus).toBeUndefined();
    ofB.close();
    const token = await mintLocked(emu, A);
    const ofA = await LiveTestClient.open(`${ws}${TOKEN_PATH}?access_token=${token}`);
    expect(ofA.httpStatus).toBe(429);
    await Promise.all([ofA.closed, ofB.closed]);
  });

  it('gemtoken mint with key B still works while A has faults queued (the CLI sees no difference)', async () => {
    await admin(emu, A, 'POST', 'faults', { spec: 'rest:500x5' });
    const result = await runCli(['mint', '--base-url', emu.baseUrl], { env: { GEMINI_API_KEY: B } });
    expect(result.code).toBe(0);
    await admin(emu, A, 'DELETE', 'faults');
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});

describe("--fault flags (the operator's)", () => {
  it('hit every key, and every key sees them', async () => {
    const flagged = await spawnEmulator(['--api-key', A, '--api-key', B, '--fault', 'rest:503x2']);
    try {
      expect((await admin(flagged, B, 'GET', 'faults')).faults).toEqual([
        { surface: 'rest', kind: 'status503', remaining: 2 },
      ]);
      expect((await call(flagged, A, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(503);
      expect((await call(flagged, B, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(503);
      expect((await call(flagged, B, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(200);
    } finally {
      await flagged.stop();
    }
  });
});

describe('--admin-key', () => {
  it("sees every key's tokens, sessions and requests", async () => {
    const [ofA, ofB] = [await mintLocked(admined, A), await mintLocked(admined, B)];
    const client = await openSession(admined, { token: ofA });
    const tokens = (await admin(admined, ADMIN, 'GET', 'tokens')).tokens.map((t: ServerMessage) => t.name);
    expect(tokens).toEqual(expect.arrayContaining([ofA, ofB]));
    const sessions = await admin(admined, ADMIN, 'GET', 'sessions');
    expect(sessions.sessions).toHaveLength(1);
    expect(sessions.openSessions).toBe(1);
    expect((await admin(admined, ADMIN, 'GET', 'requests')).total).toBeGreaterThanOrEqual(2);
    expect((await admin(admined, B, 'GET', 'sessions')).sessions).toEqual([]);
    client.close();
    await client.closed;
  });

  it("sees and clears every key's faults; a fault it queues hits everyone", async () => {
    await admin(admined, A, 'POST', 'faults', { spec: 'rest:503' });
    await admin(admined, B, 'POST', 'faults', { spec: 'rest:500' });
    expect((await admin(admined, ADMIN, 'GET', 'faults')).faults.map((f: ServerMessage) => f.kind)).toEqual([
      'status503',
      'status500',
    ]);
    expect((await admin(admined, ADMIN, 'DELETE', 'faults')).faults).toEqual([]);
    expect((await admin(admined, A, 'GET', 'faults')).faults).toEqual([]);
    await admin(admined, ADMIN, 'POST', 'faults', { spec: 'rest:429x2' });
    expect((await admin(admined, A, 'GET', 'faults')).faults).toEqual([
      { surface: 'rest', kind: 'status429', remaining: 2 },
    ]);
    expect((await call(admined, A, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(429);
    expect((await call(admined, B, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(429);
    expect((await call(admined, B, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(200);
  });

  it('is not an API key for the Gemini routes, and a wrong key is still refused', async () => {
    expect((await call(admined, ADMIN, 'POST', '/v1alpha/auth_tokens', {})).status).toBe(400);
    expect((await call(admined, 'not-a-key', 'GET', '/emulator/tokens')).status).toBe(400);
    expect(admined.ready.apiKeys).toEqual([A, B]);
    expect(admined.log()).not.toContain(ADMIN);
  });

  it('--admin-key "" is a usage error (exit 2, one line)', async () => {
    const result = await runCli(['emulator', '--admin-key', ' ']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gemtoken: --admin-key must be non-empty and contain no spaces\n/);
  });
});
