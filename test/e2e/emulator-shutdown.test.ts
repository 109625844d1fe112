// For `gemtoken emulator` plain, `--record` and `--replay` (the built binary): one
// signal during a half-sent request, a slowloris and a request in flight (a hang fault; a proxied
// mint whose upstream never answers) exits 0, with the slow clients closed at once and the request
// in flight answered 503 after the grace; a second signal exits at once (for --replay, which answers
// REST from its cassette at once, what is in flight is a Live session mid-play whose peer does not
// answer the 1001).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hostileHttp, type HostilePeer } from '../security/hostile.js';
import {
  connected,
  halfBody,
  rawClient,
  SLOWLORIS,
  startServer,
  stopWith,
  type Server,
} from './server-stop-helpers.js';

const MINT = '/v1alpha/auth_tokens';
const KEY = 'emu-shutdown-test-key';
const LIVE = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const SETUP = { setup: { model: 'models/gemini-2.5-flash-native-audio-preview-12-2025' } };
const mint = `POST ${MINT} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;

let silent: HostilePeer;
const servers: Server[] = [];
const replayDir = mkdtempSync(path.join(tmpdir(), 'gemtoken-stop-replay-'));

beforeAll(async () => {
  silent = await hostileHttp(() => undefined);
  // One recorded mint: enough for --replay to start.
  const lines = [
    { t: 0, dir: 'client', kind: 'rest-request', id: 1, method: 'POST', path: MINT, headers: {}, body: {} },
    {
      t: 5,
      dir: 'server',
      kind: 'rest-response',
      id: 1,
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { name: 'auth_tokens/x' },
    },
  ];
  writeFileSync(path.join(replayDir, 'rest.ndjson'), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  // One Live session whose second server frame comes 10 minutes after the setup: a session opened
  // on it is mid-play (the replayer waits out the recorded delay) when the stop comes.
  const session = [
    { t: 0, dir: 'client', kind: 'open', path: LIVE, headers: {} },
    { t: 1, dir: 'client', kind: 'frame', json: SETUP },
    { t: 2, dir: 'server', kind: 'frame', json: { setupComplete: {} } },
    { t: 600_001, dir: 'server', kind: 'frame', json: { serverContent: { turnComplete: true } } },
  ];
  writeFileSync(
    path.join(replayDir, 'live-0001.ndjson'),
    session.map((line) => JSON.stringify(line)).join('\n') + '\n',
  );
});
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await silent.close();
});

const MODES: Record<string, () => string[]> = {
  // Two: the half-sent mint may take the first.
  plain: () => ['emulator', '--api-key', KEY, '--fault', 'rest:hangx2'],
  '--record': () => [
    'emulator',
    '--record',
    mkdtempSync(path.join(tmpdir(), 'gemtoken-stop-record-')),
    '--upstream',
    silent.baseUrl,
  ],
  '--replay': () => ['emulator', '--replay', replayDir],
};

async function emulator(mode: string): Promise<Server> {
  const server = await startServer(MODES[mode]!());
  servers.push(server);
  return server;
}

async function requestCount(server: Server): Promise<number> {
  const res = await fetch(`${server.url}/emulator/requests`, { headers: { 'x-goog-api-key': KEY } });
  return ((await res.json()) as { total: number }).total;
}

describe.each(Object.keys(MODES))('gemtoken emulator (%s) stops on one signal', (mode) => {
  const inFlight = mode !== '--replay';

  it(`a slowloris and a half-sent request are closed at once${inFlight ? ', a request in flight gets 503 after the grace' : ''}: exit 0`, async () => {
    const server = await emulator(mode);
    const before = silent.requests.length;
    const slowloris = rawClient(server.url, SLOWLORIS);
    const half = rawClient(server.url, halfBody(MINT));
    const clients = [slowloris, half];
    await Promise.all(clients.map(connected));
    const counted = mode === 'plain' ? await requestCount(server) : 0;
    const held = inFlight ? rawClient(server.url, mint) : undefined;
    if (held) {
      await connected(held);
      // The hang fault has the request (it is counted), or the upstream has the proxied one.
      if (mode === '--record') await expect.poll(() => silent.requests.length).toBe(before + 1);
      else await expect.poll(() => requestCount(server)).toBe(counted + 1);
    }
    expect(await stopWith(server, 'SIGTERM')).toEqual({ hung: false, code: 0, signal: null });
    // (The replayer answers a mint from its cassette without waiting for the body.)
    expect({ closed: clients.map((c) => c.closed()), slowloris: slowloris.received() }).toEqual({
      closed: [true, true],
      slowloris: '',
    });
    if (held) {
      await expect.poll(() => held.closed()).toBe(true);
      expect(held.received()).toMatch(/^HTTP\/1\.1 503 [^]*"status":"UNAVAILABLE"/);
    }
  });

  it("a second signal exits at once, the request in flight still in its grace: the first signal's code, not 0", async () => {
    const server = await emulator(mode);
    if (mode === '--replay') {
      // The replayer answers REST from the cassette at once: what it holds is a Live session mid-play.
      const ws = await deafSessionMidPlay(server);
      expect(await stopWith(server, 'SIGTERM', 'SIGINT')).toEqual({
        hung: false,
        code: expect.toBeOneOf([130, 143]),
        signal: null,
      });
      ws.terminate();
      return;
    }
    const before = silent.requests.length;
    const counted = mode === 'plain' ? await requestCount(server) : 0;
    const held = rawClient(server.url, mint);
    await connected(held);
    if (mode === '--record') await expect.poll(() => silent.requests.length).toBe(before + 1);
    else await expect.poll(() => requestCount(server)).toBe(counted + 1);
    // Two different signals, so the kernel cannot merge them; Linux hands over SIGINT first.
    expect(await stopWith(server, 'SIGTERM', 'SIGINT')).toEqual({
      hung: false,
      code: expect.toBeOneOf([130, 143]),
      signal: null,
    });
  });
});

/** A Live session set up on the replayer's cassette, then deaf: it never reads (so never answers) the stop's 1001. */
async function deafSessionMidPlay(server: Server): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}${LIVE}`);
  ws.on('error', () => undefined);
  const setUp = new Promise<void>((resolve) =>
    ws.on('message', (data) => String(data).includes('setupComplete') && resolve()),
  );
  ws.on('open', () => ws.send(JSON.stringify(SETUP)));
  await setUp;
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return ws;
}

describe('gemtoken emulator: Live sessions at the stop', () => {
  it('an open session gets 1001 going away, even one whose peer never answers the close frame, and the exit is 0', async () => {
    const server = await emulator('plain');
    const live = `${server.url.replace('http', 'ws')}/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=${KEY}`;
    const polite = new WebSocket(live);
    const deaf = new WebSocket(live);
    const closes: Array<[string, number, string]> = [];
    for (const [name, ws] of [
      ['polite', polite],
      ['deaf', deaf],
    ] as const) {
      ws.on('open', () =>
        ws.send(JSON.stringify({ setup: { model: 'models/gemini-2.5-flash-native-audio-preview-12-2025' } })),
      );
      ws.on('error', () => undefined);
      ws.on('close', (code, reason) => closes.push([name, code, reason.toString()]));
    }
    const setUp = (ws: WebSocket) =>
      new Promise<void>((resolve) => ws.on('message', (data) => String(data).includes('setupComplete') && resolve()));
    await Promise.all([setUp(polite), setUp(deaf)]);
    // The deaf peer's socket stops reading: the close frame is never answered (and never even read).
    const deafSocket = (deaf as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    deafSocket.pause();
    expect(await stopWith(server, 'SIGTERM')).toEqual({ hung: false, code: 0, signal: null });
    await expect.poll(() => closes.length).toBe(1);
    expect(closes).toEqual([['polite', 1001, 'The emulator is shutting down.']]);
    // Reading again, the deaf peer finds the 1001 the emulator sent it, and a connection already ended.
    deafSocket.resume();
    await expect.poll(() => closes.length).toBe(2);
    expect(closes[1]).toEqual(['deaf', 1001, 'The emulator is shutting down.']);
  });
});
