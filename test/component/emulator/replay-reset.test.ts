// Per-test isolation with `gemtoken/testing` over cassettes: startTestEmulator({ replay })
// started once and reset() in beforeEach replays the same recorded mint + session in every test
// (without the reset the second test meets "no unused recording"); with { record }, reset() is
// answered and logged, forgets nothing, and leaves the upstream and the cassettes alone.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorServer, type RunningEmulator } from '../../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../../../src/testing.js';
import { LiveTestClient, TOKEN_PATH } from '../../helpers/live-client.js';

const KEY = 'replay-reset-upstream-key';
const SETUP = { model: 'models/gemini-3.8-live', outputAudioTranscription: {} };
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-lib-replay-'));
let upstream: RunningEmulator;

/** What each test of the app does: mint a token, open a session with it, ask, wait for the answer. */
async function mintAndAsk(baseUrl: string, apiKey: string): Promise<string> {
  const minted = await fetch(`${baseUrl}/v1alpha/auth_tokens`, {
    method: 'POST',
    headers: { 'x-goog-api-key': apiKey, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(minted.status).toBe(200);
  const { name } = (await minted.json()) as { name: string };
  const client = await LiveTestClient.open(`${baseUrl.replace('http', 'ws')}${TOKEN_PATH}?access_token=${name}`);
  await client.setup(SETUP);
  client.send({ realtimeInput: { text: 'hello there' } });
  await client.waitFor((m) => m.serverContent?.turnComplete === true, 20_000);
  client.ws.close(1000);
  await client.closed;
  return client.messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
}

beforeAll(async () => {
  upstream = await createEmulatorServer({ port: 0, apiKeys: [KEY] });
  const recorder = await createEmulatorServer({ port: 0, record: { dir, upstream: upstream.baseUrl, audio: true } });
  await mintAndAsk(recorder.baseUrl, KEY);
  await recorder.close();
  expect(readdirSync(dir).sort()).toEqual(['live-0001.ndjson', 'rest.ndjson']);
}, 30_000);

afterAll(async () => upstream.close());

describe('startTestEmulator({ replay }) with reset() in beforeEach', () => {
  const lines: string[] = [];
  let emu: TestEmulator;
  beforeAll(
    async () => (emu = await startTestEmulator({ replay: { dir, speed: 0 }, log: (line) => lines.push(line) })),
  );
  beforeEach(() => emu.reset());
  afterAll(() => emu.stop());

  it.each(['first', 'second', 'third'])('the %s test replays the recorded mint and session', async () => {
    const before = lines.length;
    expect(await mintAndAsk(emu.baseUrl, process.env.GEMINI_API_KEY!)).toContain('hello there');
    const mine = lines.slice(before).join('\n');
    expect(mine).toMatch(/replay\.session file=live-0001\.ndjson/);
    expect(mine).not.toContain('replay.mismatch');
  });

  it('each reset is logged as the emulator logs one', () => {
    expect(lines.filter((line) => / reset scope=all mode=replay$/.test(line))).toHaveLength(4);
  });
});

describe('startTestEmulator({ replay }) without a reset', () => {
  it('the second run meets "no unused recording", loudly', async () => {
    const emu = await startTestEmulator({ replay: dir, setEnv: false });
    try {
      await mintAndAsk(emu.baseUrl, emu.apiKey);
      const again = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
      expect(again.status).toBe(500);
      expect(await again.text()).toContain('no unused recording in rest.ndjson');
    } finally {
      await emu.stop();
    }
  });
});

describe('startTestEmulator({ record }) reset()', () => {
  it('is logged with a note and forgets nothing: no request reaches the upstream, nothing reaches a cassette', async () => {
    const recordDir = mkdtempSync(path.join(tmpdir(), 'gemtoken-lib-record-'));
    const lines: string[] = [];
    const emu = await startTestEmulator({
      record: { dir: recordDir, upstream: upstream.baseUrl },
      apiKeys: [KEY],
      setEnv: false,
      log: (line) => lines.push(line),
    });
    try {
      const counted = async () =>
        (
          (await (
            await fetch(`${upstream.baseUrl}/emulator/requests`, { headers: { 'x-goog-api-key': KEY } })
          ).json()) as { total: number }
        ).total;
      const before = await counted();
      await emu.reset();
      const over = await fetch(`${emu.baseUrl}/emulator/reset`, { method: 'POST', headers: { 'x-goog-api-key': KEY } });
      expect([over.status, await over.json()]).toEqual([
        200,
        { reset: 'none', note: expect.stringMatching(/^recording: nothing to forget/) },
      ]);
      expect(await counted()).toBe(before);
      expect(lines.filter((line) => / reset scope=none mode=record note=/.test(line))).toHaveLength(2);
    } finally {
      await emu.stop();
    }
    // The recorder opens rest.ndjson as it starts; the reset wrote nothing into it.
    expect(readdirSync(recordDir).map((name) => [name, readFileSync(path.join(recordDir, name), 'utf8')])).toEqual([
      ['rest.ndjson', ''],
    ]);
  });
});

describe('startEmulator({ replay }) checks its options', () => {
  it.each([
    [{ replay: path.join(dir, 'missing') }, `startEmulator: --replay: no directory "${path.join(dir, 'missing')}"`],
    [
      { replay: { dir, speed: -1 } },
      'startEmulator: --replay-speed must be a number from 0 (as fast as possible) to 1000, got "-1"',
    ],
    [{ replay: dir, record: dir }, 'startEmulator: --record and --replay cannot be used together'],
  ])('%j → UsageError', async (options, message) => {
    const { startEmulator: startLibraryEmulator, UsageError } = await import('../../../src/index.js');
    const attempt = startLibraryEmulator(options);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
  });
});
