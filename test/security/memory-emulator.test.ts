// The emulator's memory is bounded — a locked setup over 64 KiB is refused (400),
// and the token store is capped: expired tokens go first, then new mints are refused (429) rather
// than live tokens evicted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SETUP_BYTES } from '../../src/emulator/rest/auth-token-request.js';
import { TokenStore, type TokenRecord } from '../../src/emulator/token-store.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await spawnEmulator(['--api-key', CANARY_KEY]);
});
afterAll(async () => emulator?.stop());

const record = (name: string, expireTime: number, setupBytes = 0): TokenRecord => ({
  name,
  apiVersion: 'v1alpha',
  createdAt: 0,
  expireTime,
  newSessionExpireTime: expireTime,
  uses: 1,
  usesConsumed: 0,
  setup: setupBytes > 0 ? { systemInstruction: 'x'.repeat(setupBytes) } : undefined,
  fieldMask: [],
});

describe('emulator memory bounds', () => {
  it('a locked setup over 64 KiB → 400 INVALID_ARGUMENT with a clear message; no token minted', async () => {
    const body = JSON.stringify({
      bidiGenerateContentSetup: {
        model: 'models/gemini-3.8-live',
        systemInstruction: { parts: [{ text: 'x'.repeat(MAX_SETUP_BYTES) }] },
      },
    });
    const reply = await fetch(`${emulator.baseUrl}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': CANARY_KEY },
      body,
    });
    const json = (await reply.json()) as { error: { code: number; status: string; message: string } };
    expect(reply.status).toBe(400);
    expect(json.error).toMatchObject({
      status: 'INVALID_ARGUMENT',
      message: expect.stringMatching(
        /locked setup is \d+ bytes; the emulator keeps at most 65536 bytes \(64 KiB\) per token/,
      ),
    });
    const tokens = await (
      await fetch(`${emulator.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': CANARY_KEY } })
    ).json();
    expect(JSON.stringify(tokens)).not.toContain('xxxxxxxx');
    expectNoCanary({ reply: JSON.stringify(json), emulatorLog: emulator.log() });
  });

  it('the token store drops expired tokens first, then refuses new ones instead of evicting live ones', () => {
    const store = new TokenStore({ maxTokens: 3, maxSetupBytes: 1_000_000 });
    expect(store.add(record('a', 100), 0)).toBe(true);
    expect(store.add(record('b', 500), 0)).toBe(true);
    expect(store.add(record('c', 500), 0)).toBe(true);
    expect(store.add(record('d', 500), 200)).toBe(true); // 'a' expired at 100: swept to make room
    expect(store.get('a')).toBeUndefined();
    expect(store.add(record('e', 500), 200)).toBe(false); // all live: refused
    expect(store.list().map((r) => r.name)).toEqual(['b', 'c', 'd']);
  });

  it('the token store also bounds the bytes of the setups it keeps', () => {
    const store = new TokenStore({ maxTokens: 100, maxSetupBytes: 50_000 });
    expect(store.add(record('a', 500, 20_000), 0)).toBe(true);
    expect(store.add(record('b', 500, 20_000), 0)).toBe(true);
    expect(store.add(record('c', 500, 20_000), 0)).toBe(false);
    expect(store.add(record('c', 500, 20_000), 600)).toBe(true); // both expired: room again
    expect(store.size).toBe(1);
  });
});
