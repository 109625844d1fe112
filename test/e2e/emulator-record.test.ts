// Record and replay, end to end with no internet: an emulator playing a scenario is the upstream
// (each model turn sends a goAway while it speaks, so goAway → resume happens, each resume on a fresh
// self-minted token; the input speaks again while the model answers: a barge-in), a second one
// records in front of it, `gemtoken mint` + `gemtoken talk` run through the recorder; then `--replay`
// serves the cassettes to the same talk: same transcript, same close sequence, the recorded timing;
// no key and no token name in any cassette; a different message closes 1007.
// The goAways come from the turns, not from a connection lifetime: talk ends on its own clock (1.5 s
// after the reply goes quiet), and a goAway on a timer raced that end (the recording would get one
// more resume than its replay, or one fewer, by a few ms on a loaded machine). A turn's goAway is a
// server message the replay sends after the same client message, so both runs resume the same times.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { events, tmp, wavFixture, type Event } from './talk-helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-cassettes-'));
const LIVE = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent';
let upstream: EmulatorHandle;
let recorded: Event[];
const emulator = emulatorsStoppedAfterAll();
const files = (): string[] => readdirSync(dir).sort();
const cassette = (name: string): Array<Record<string, unknown>> =>
  readFileSync(path.join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const transcript = (log: Event[]) =>
  log
    .filter((e) => e.type === 'transcript')
    .map((e) => `${String(e.role)}:${String(e.text)}`)
    .join('');
/** goAways, the close reasons that made talk mint again, resumptions and the final close, in order. */
const closeSequence = (log: Event[]) =>
  log
    .filter((e) => ['goAway', 'token', 'resumed', 'closed'].includes(e.type))
    .map((e) => [e.type, e.reason ?? null, e.code ?? null]);
// Speech, then speech again while the model answers (a barge-in), across goAways. The input goes on
// for 3.5 s after the second speech, so it ends (and talk sends audioStreamEnd) well after turn 2's
// resume: ending near it put audioStreamEnd on the one connection in one run, the next in the other.
const { file: wav } = wavFixture('record.wav', [
  ['silence', 4200],
  ['tone', 800],
  ['silence', 700],
  ['tone', 700],
  ['silence', 3500],
]);

// Turn 1 is cut by the second speech; turn 2 is answered in full. Each sends its goAway mid-reply
// (timeLeft 5 s): talk replaces the connection once the turn is over, never on a deadline of its own.
const scenario = path.join(tmp, 'record-scenario.json');
writeFileSync(
  scenario,
  JSON.stringify({
    turns: [
      {
        expect: { audioMs: [400, 1600] },
        model: { reply: 'Turn 1. A long answer that the second speech cuts off before its end.', goAwayAfterMs: 100 },
      },
      { expect: { audioMs: [350, 1400] }, model: { reply: 'Turn 2. I heard you.', goAwayAfterMs: 100 } },
    ],
  }),
);

async function mintAndTalk(baseUrl: string, key: string): Promise<{ mint: string; log: Event[] }> {
  const env = { GEMINI_API_KEY: key, GEMTOKEN_BASE_URL: baseUrl };
  const mint = await runCli(['mint'], { env });
  expect(mint.stderr).toBe('');
  expect(mint.code).toBe(0);
  const talk = await runCli(['talk', '--input', wav, '--no-speaker', '--events'], { env, timeoutMs: 40_000 });
  expect(talk.stderr).toBe('');
  expect(talk.code).toBe(0);
  return { mint: mint.stdout, log: events(talk.stdout) };
}

beforeAll(async () => {
  upstream = await emulator(['--scenario', scenario, '--api-key', CANARY_KEY]);
  const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
  const run = await mintAndTalk(recorder.baseUrl, CANARY_KEY);
  recorded = run.log;
  await recorder.stop();
  // Every output of the recording: the cassettes, the recorder's log, talk's events.
  const outputs: Record<string, string> = { 'recorder log': recorder.log(), events: JSON.stringify(recorded) };
  for (const name of files()) outputs[name] = readFileSync(path.join(dir, name), 'utf8');
  expectNoCanary(outputs);
  const tokens = (await (
    await fetch(`${upstream.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': CANARY_KEY } })
  ).json()) as { tokens: Array<{ name: string }> };
  const names = tokens.tokens.map((token) => token.name.replace('auth_tokens/', ''));
  expect(names.length).toBeGreaterThanOrEqual(3);
  expect(
    Object.entries(outputs)
      .filter(([, text]) => names.some((name) => text.includes(name)))
      .map(([where]) => where),
  ).toEqual([]);
}, 90_000);

describe('gemtoken emulator --record', () => {
  it('wrote one cassette per session and rest.ndjson, with goAway, resumption handles and close codes as they happened', () => {
    expect(recorded.filter((e) => e.type === 'goAway').length).toBeGreaterThanOrEqual(2);
    expect(recorded.at(-1)).toMatchObject({ type: 'closed', code: 1000 });
    expect(recorded.filter((e) => e.type === 'turn').map((e) => e.interrupted)).toContain(true);
    const sessions = files().filter((name) => /^live-\d{4}\.ndjson$/.test(name));
    // One connect per resume: talk mints the fresh token before it reconnects on a spent one.
    expect(sessions.length).toBe(recorded.filter((e) => e.type === 'resumed').length + 1);
    expect(files()).toContain('rest.ndjson');
    const all = sessions.flatMap(cassette);
    expect(all.some((line) => JSON.stringify(line.json ?? '').includes('"goAway"'))).toBe(true);
    expect(all.some((line) => JSON.stringify(line.json ?? '').includes('"newHandle"'))).toBe(true);
    // Each connection ends by talk's own close after its goAway; no connect is refused on a spent token.
    const closes = all.filter((line) => line.kind === 'close').map((line) => [line.dir, line.code]);
    expect(closes).toContainEqual(['client', 1000]);
    expect(closes).not.toContainEqual(['server', 1011]);
    // A mint's answer and the session that used its token share a placeholder.
    const minted = cassette('rest.ndjson')
      .filter((line) => line.kind === 'rest-response')
      .map((line) => JSON.stringify(line.body));
    expect(minted[1]).toContain('auth_tokens/<placeholder-2>');
    expect(String(cassette(sessions[0]!)[0]!.path)).toContain('access_token=auth_tokens/<placeholder-2>');
  });
});

describe('gemtoken emulator --replay', () => {
  it('serves the same talk with the same transcript and the same close sequence, with no key', async () => {
    const replayer = await emulator(['--replay', dir]);
    const { log } = await mintAndTalk(replayer.baseUrl, 'any-key-the-replayer-holds-none');
    expect(transcript(log)).toBe(transcript(recorded));
    expect(transcript(log)).toContain('model: heard');
    expect(closeSequence(log)).toEqual(closeSequence(recorded));
    // Turns with words. An empty one (no user or model text: a turnComplete talk met at a resume
    // boundary) depends on when talk switched sockets, which is the client's timing, not the
    // replayed frames; a CI dry run under load recorded one that the replay did not show.
    const turns = (run: Event[]) =>
      run
        .filter((e) => e.type === 'turn' && (e.user !== '' || e.model !== ''))
        .map((e) => [e.user, e.model, e.interrupted]);
    expect(turns(log)).toEqual(turns(recorded));
    expect(replayer.log()).not.toContain('replay.mismatch');
  }, 60_000);

  // Tests never assert wall time (a loaded machine only makes things later): here each frame must
  // not come before its recorded time, minus the client's own lateness in sending what it answers.
  // How close to the recording replay keeps is a figure for `npm run bench`, not a pass/fail here.
  it('sends server frames in the recorded order and never ahead of the recorded timing', async () => {
    const replayer = await emulator(['--replay', dir]);
    const lines = cassette('live-0001.ndjson');
    const expected = lines
      .filter((line) => line.dir === 'server' && line.kind === 'frame')
      .map((line) => line.t as number);
    const ws = new WebSocket(`${replayer.baseUrl.replace('http', 'ws')}${LIVE}?key=x`);
    const arrivals: number[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => {
        const opened = performance.now();
        ws.on('message', () => arrivals.push(performance.now() - opened));
        for (const line of lines.filter((l) => l.dir === 'client' && l.kind === 'frame')) {
          setTimeout(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(line.json)), line.t as number);
        }
      });
      ws.on('close', () => resolve());
      setTimeout(() => ws.close(1000), (lines.at(-1)!.t as number) + 500);
    });
    expect(arrivals.length).toBe(expected.length);
    // 20 ms: timers and loopback may fire a frame a little early relative to our own opened mark.
    const early = expected.map((t, i) => ({ t, got: Math.round(arrivals[i]!) })).filter(({ t, got }) => got < t - 20);
    expect(early).toEqual([]);
  }, 30_000);

  it('closes 1007 naming the cassette, the position and what was expected when the client says something else', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    const setup = cassette('live-0001.ndjson').find((line) => line.dir === 'client' && line.kind === 'frame')!.json;
    const ws = new WebSocket(`${replayer.baseUrl.replace('http', 'ws')}${LIVE}?key=x`);
    const closed = new Promise<[number, string]>((resolve) =>
      ws.on('close', (code, reason) => resolve([code, reason.toString()])),
    );
    ws.on('open', () => {
      ws.send(JSON.stringify(setup));
      ws.send(JSON.stringify({ realtimeInput: { text: 'something no recording expects' } }));
    });
    const [code, reason] = await closed;
    expect(code).toBe(1007);
    expect(reason).toBe('replay mismatch: live-0001.ndjson message 2: expected realtimeInput audio 20ms');
    await expect
      .poll(() => replayer.log())
      .toMatch(/replay\.mismatch file=live-0001\.ndjson message=2 expected="?realtimeInput audio 20ms"? got=/);
  });

  it('a setup no cassette recorded closes 1007 too', async () => {
    const replayer = await emulator(['--replay', dir]);
    const ws = new WebSocket(`${replayer.baseUrl.replace('http', 'ws')}${LIVE}?key=x`);
    const closed = new Promise<[number, string]>((resolve) =>
      ws.on('close', (code, reason) => resolve([code, reason.toString()])),
    );
    ws.on('open', () => ws.send(JSON.stringify({ setup: { model: 'models/never-recorded' } })));
    const [code, reason] = await closed;
    expect(code).toBe(1007);
    expect(reason).toMatch(/^replay mismatch: any cassette message 1: expected a setup one of \d+ cassettes recorded/);
  });
});

describe('record/replay flags', () => {
  it.each([
    [['--record', dir, '--replay', dir], '--record and --replay cannot be used together'],
    [['--upstream', 'http://127.0.0.1:1'], '--upstream and --record-audio need --record <dir>'],
    [
      ['--record', dir, '--upstream', 'ftp://x'],
      '--upstream must be an http(s) URL without credentials, got "ftp://x"',
    ],
    [['--record', dir, '--record-audio', 'maybe'], '--record-audio must be "on" or "off", got "maybe"'],
    [
      ['--replay', dir, '--replay-speed', 'fast'],
      '--replay-speed must be a number from 0 (as fast as possible) to 1000, got "fast"',
    ],
    [['--replay', path.join(dir, 'missing')], `--replay: no directory "${path.join(dir, 'missing')}"`],
  ])('emulator %j → exit 2, one line', async (args, message) => {
    const result = await runCli(['emulator', '--port', '0', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(`gemtoken: ${message}`);
    expect(hasStackTrace(result)).toBe(false);
  });
});
