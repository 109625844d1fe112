// Per-test isolation while replaying: `gemtoken emulator --replay DIR` serves POST
// /emulator/reset (with one of its keys, refused like the normal admin route otherwise), which puts
// the replayer back where it started: every cassette unused again, open sessions closed 1001. So
// the same recorded mint + session (talk minting its own token) replays once per test. While
// recording, the reset is answered (nothing to forget) and reaches neither the upstream nor a cassette.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { events, type Event } from './talk-helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-replay-reset-'));
const QUESTION = 'What is the weather?';
let upstream: EmulatorHandle;
let recorded: Event[];
const emulator = emulatorsStoppedAfterAll();
const transcript = (log: Event[]) =>
  log
    .filter((e) => e.type === 'transcript')
    .map((e) => `${String(e.role)}:${String(e.text)}`)
    .join('');
const cassette = (name: string): Array<Record<string, unknown>> =>
  readFileSync(path.join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** One recorded test's work: talk mints its own single-use token (REST), then a Live session. */
const talk = (baseUrl: string, key: string) =>
  runCli(['talk', '--text', QUESTION, '--once', '--no-speaker', '--events'], {
    env: { GEMINI_API_KEY: key, GEMTOKEN_BASE_URL: baseUrl },
    timeoutMs: 40_000,
  });

async function reset(baseUrl: string, key?: string, method = 'POST'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/emulator/reset`, {
    method,
    headers: key === undefined ? {} : { 'x-goog-api-key': key },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

beforeAll(async () => {
  upstream = await emulator(['--api-key', CANARY_KEY]);
  const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
  const run = await talk(recorder.baseUrl, CANARY_KEY);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  recorded = events(run.stdout);
  await recorder.stop();
  expect(readdirSync(dir).sort()).toEqual(['live-0001.ndjson', 'rest.ndjson']);
}, 60_000);

describe('POST /emulator/reset while replaying', () => {
  it('rewinds the replayer: the recorded mint + session replays again after it, logged as a reset', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    for (const round of [1, 2]) {
      const run = await talk(replayer.baseUrl, 'any-key-the-replayer-holds-none');
      expect([round, run.code, run.stderr]).toEqual([round, 0, '']);
      expect(transcript(events(run.stdout))).toBe(transcript(recorded));
      if (round === 1)
        expect(await reset(replayer.baseUrl, replayer.apiKeys[0])).toEqual({ status: 200, body: { reset: 'all' } });
    }
    expect(transcript(recorded)).toContain(QUESTION);
    expect(replayer.log()).toMatch(/ reset scope=all mode=replay\n/);
    expect(replayer.log().match(/replay\.session file=live-0001\.ndjson/g)).toHaveLength(2);
    expect(replayer.log()).not.toContain('replay.mismatch');
  }, 60_000);

  it('without a reset the second run fails loudly, as before', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    expect((await talk(replayer.baseUrl, 'k')).code).toBe(0);
    const again = await talk(replayer.baseUrl, 'k');
    expect(again.code).not.toBe(0);
    await expect
      .poll(() => replayer.log())
      .toMatch(/replay\.mismatch file=rest\.ndjson request="?POST \/v1alpha\/auth_tokens/);
  }, 60_000);

  it('a wrong or missing key is refused as the emulator refuses it, and rewinds nothing; an admin key rewinds too', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0', '--admin-key', 'replay-admin-key']);
    const mint = () =>
      fetch(`${replayer.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' }).then((r) => r.status);
    expect(await mint()).toBe(200);
    // The same refusal the emulator's own admin route gives (here: the upstream, a normal emulator).
    for (const key of ['not-a-key-it-holds', undefined]) {
      const refused = await reset(replayer.baseUrl, key);
      expect(refused.status).not.toBe(200);
      expect(refused).toEqual(await reset(upstream.baseUrl, key));
    }
    expect((await reset(replayer.baseUrl, replayer.apiKeys[0], 'GET')).status).toBe(405);
    expect(await mint()).toBe(500);
    expect(replayer.log()).not.toMatch(/ reset /);
    expect(await reset(replayer.baseUrl, 'replay-admin-key')).toEqual({ status: 200, body: { reset: 'all' } });
    expect(await mint()).toBe(200);
  });

  it('closes an open replayed session 1001 "The emulator was reset." before it answers; the session replays again after', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    const lines = cassette('live-0001.ndjson');
    const route = String(lines[0]!.path).split('?')[0];
    const setup = lines.find((line) => line.dir === 'client' && line.kind === 'frame')!.json;
    const open = async () => {
      const ws = new WebSocket(`${replayer.baseUrl.replace('http', 'ws')}${route}?access_token=auth_tokens/unknown`);
      const closed = new Promise<[number, string]>((resolve) =>
        ws.on('close', (code, reason) => resolve([code, reason.toString()])),
      );
      const ready = new Promise<void>((resolve) =>
        ws.on('message', (data) => String(data).includes('setupComplete') && resolve()),
      );
      ws.on('open', () => ws.send(JSON.stringify(setup)));
      await ready;
      return { ws, closed };
    };
    const first = await open();
    // The replayer answers once the close handshake is over, so our socket has already taken the
    // close frame (and replied) when the answer arrives. Its 'close' event comes when the TCP
    // connection ends, which may be after or before the answer: another socket, no order.
    let socketWhenAnswered: number | undefined;
    const answer = reset(replayer.baseUrl, replayer.apiKeys[0]).then(
      (result) => ((socketWhenAnswered = first.ws.readyState), result),
    );
    expect(await first.closed).toEqual([1001, 'The emulator was reset.']);
    expect((await answer).status).toBe(200);
    expect(socketWhenAnswered).toBeOneOf([WebSocket.CLOSING, WebSocket.CLOSED]);
    const second = await open();
    second.ws.close(1000);
    expect((await second.closed)[0]).toBe(1000);
    expect(replayer.log()).not.toContain('replay.mismatch');
  });
});

describe('POST /emulator/reset while recording', () => {
  it('answers 200 with a note and a reset log line, and reaches neither the upstream nor a cassette', async () => {
    const recordDir = mkdtempSync(path.join(tmpdir(), 'gemtoken-record-reset-'));
    const recorder = await emulator(['--record', recordDir, '--upstream', upstream.baseUrl]);
    const counted = async () =>
      (
        (await (
          await fetch(`${upstream.baseUrl}/emulator/requests`, { headers: { 'x-goog-api-key': CANARY_KEY } })
        ).json()) as { total: number }
      ).total;
    const before = await counted();
    const answer = await reset(recorder.baseUrl, recorder.apiKeys[0]);
    expect(answer).toEqual({
      status: 200,
      body: { reset: 'none', note: expect.stringMatching(/^recording: nothing to forget/) },
    });
    expect((await reset(recorder.baseUrl, 'not-a-key-it-holds')).status).toBe(400);
    expect(await counted()).toBe(before);
    // The recording goes on after a reset: the next session is the next cassette.
    const run = await talk(recorder.baseUrl, CANARY_KEY);
    expect(run.code).toBe(0);
    await recorder.stop();
    expect(recorder.log()).toMatch(/ reset scope=none mode=record note="?recording: nothing to forget/);
    expect(readdirSync(recordDir).sort()).toEqual(['live-0001.ndjson', 'rest.ndjson']);
    expect(readFileSync(path.join(recordDir, 'rest.ndjson'), 'utf8')).not.toContain('/emulator/reset');
    expectNoCanary({ log: recorder.log() });
  }, 60_000);
});
