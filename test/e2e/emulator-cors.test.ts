// CORS on the emulator's HTTP routes, header by header (test/e2e/browser.test.ts proves it with a
// real browser; this pins down what a preflight and a reply carry, errors included), and behind
// --record (the upstream's CORS passed on) and --replay (answered as the emulator does).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorsStoppedAfterAll, spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => (emu = await spawnEmulator()));
afterAll(() => emu.stop());

const ORIGIN = 'http://localhost:5173';

describe('emulator CORS', () => {
  it.each(['/v1alpha/auth_tokens', '/v1beta/auth_tokens', '/emulator/tokens'])(
    'answers the preflight of %s with 204 and no credential',
    async (path) => {
      const res = await fetch(`${emu.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-goog-api-key,content-type,x-goog-api-client',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')).toBe(
        'x-goog-api-key, x-goog-api-client, content-type, authorization',
      );
    },
  );

  it('puts allow-origin on successes and on errors', async () => {
    const ok = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'x-goog-api-key': emu.apiKeys[0]! },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const refused = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const anonymous = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
    expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('CORS while recording and replaying', () => {
  const emulator = emulatorsStoppedAfterAll();
  const preflight = (base: string, origin: string) =>
    fetch(`${base}/v1alpha/auth_tokens`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-goog-api-key,content-type',
      },
    });
  const mint = (base: string, origin: string, key: string) =>
    fetch(`${base}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { origin, 'x-goog-api-key': key, 'content-type': 'application/json' },
      body: '{}',
    });

  it("the recorder passes the upstream's CORS answers through and keeps preflights out of the cassette; the replayer answers CORS itself, for the page asking", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-cors-'));
    const upstream = await emulator();
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    const asked = await preflight(recorder.baseUrl, ORIGIN);
    expect(asked.status).toBe(204);
    expect(Object.fromEntries([...asked.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'x-goog-api-key, x-goog-api-client, content-type, authorization',
      'access-control-max-age': '3600',
    });
    const minted = await mint(recorder.baseUrl, ORIGIN, upstream.apiKeys[0]!);
    expect([minted.status, minted.headers.get('access-control-allow-origin')]).toEqual([200, ORIGIN]);
    await recorder.stop();
    const rest = readFileSync(path.join(dir, 'rest.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { method?: string; kind: string });
    expect(rest.map((line) => [line.kind, line.method])).toEqual([
      ['rest-request', 'POST'],
      ['rest-response', undefined],
    ]);

    const replayer = await emulator(['--replay', dir]);
    const other = 'http://127.0.0.1:3000';
    const again = await preflight(replayer.baseUrl, other);
    expect([
      again.status,
      again.headers.get('access-control-allow-origin'),
      again.headers.get('access-control-allow-methods'),
    ]).toEqual([204, other, 'GET, POST, DELETE, OPTIONS']);
    // The preflight took no recorded answer: the mint still gets its own, allowed for this page.
    const replayed = await mint(replayer.baseUrl, other, 'any');
    expect([
      replayed.status,
      replayed.headers.get('access-control-allow-origin'),
      replayed.headers.get('vary'),
    ]).toEqual([200, other, 'origin']);
    const none = await mint(replayer.baseUrl, other, 'any');
    expect([none.status, none.headers.get('access-control-allow-origin')]).toEqual([500, other]);
  });
});
