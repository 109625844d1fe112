// --export-scenario's pure core: cassette lines in, a scenario (which the loader must accept) and
// notes out. Each case is a small hand-written recording of one behaviour the schema can express,
// or one it can only approximate (then a note says so).
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import { scenarioJsonText } from '../../../src/emulator/export/format.js';
import { exportScenario, type Exported } from '../../../src/emulator/export/to-scenario.js';
import type { SessionCassette } from '../../../src/emulator/export/timeline.js';
import type { CassetteLine } from '../../../src/emulator/record/cassette.js';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import { silence16k, tone16k } from '../../helpers/live-client.js';

type Json = Record<string, unknown>;
const line = (t: number, dir: 'client' | 'server', fields: Json): CassetteLine =>
  ({ t, dir, kind: 'frame', ...fields }) as CassetteLine;
const client = (t: number, json: Json) => line(t, 'client', { json });
const server = (t: number, json: Json) => line(t, 'server', { json, binary: true });
const closed = (t: number, dir: 'client' | 'server', code: number, reason = ''): CassetteLine => ({
  t,
  dir,
  kind: 'close',
  code,
  reason,
});
const open = (query = 'key=<redacted>'): CassetteLine => ({
  t: 0,
  dir: 'client',
  kind: 'open',
  path: `/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?${query}`,
  headers: {},
});
const setup = (extra: Json = {}) =>
  client(1, {
    setup: { model: 'models/gemini-3.8-live', sessionResumption: {}, outputAudioTranscription: {}, ...extra },
  });
const ready = (handle: string) => [
  server(2, { setupComplete: {} }),
  server(2, { sessionResumptionUpdate: { newHandle: handle, resumable: true } }),
];
const say = (t: number, text: string) => server(t, { serverContent: { outputTranscription: { text } } });
const audioOut = (t: number, ms = 40) =>
  server(t, {
    serverContent: {
      modelTurn: {
        parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: Buffer.alloc(ms * 48).toString('base64') } }],
      },
    },
  });
const done = (t: number) => server(t, { serverContent: { turnComplete: true } });
const text = (t: number, value: string) => client(t, { realtimeInput: { text: value } });
/** PCM in 20 ms chunks starting at t, one client line each. */
const audioIn = (t: number, pcm: Buffer, sizeOnly = false): CassetteLine[] => {
  const out: CassetteLine[] = [];
  for (let at = 0; at < pcm.length; at += 640) {
    const data = sizeOnly ? { audioBytes: 640 } : pcm.subarray(at, at + 640).toString('base64');
    out.push(client(t + at / 32, { realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data } } }));
  }
  return out;
};
/** A cassette holds its lines in the order they happened. */
const session = (file: string, lines: CassetteLine[]): SessionCassette => ({
  file,
  lines: [open(), ...lines].sort((a, b) => a.t - b.t),
});

function exported(sessions: SessionCassette[], rest: CassetteLine[] = [], pick?: string): Exported {
  const out = exportScenario(sessions, rest, pick);
  // Whatever the export writes, --scenario must read, through the text it prints.
  parseScenario(JSON.parse(scenarioJsonText(out.scenario)), 'exported.json');
  return out;
}
const failure = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorOptionError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('exportScenario: turns', () => {
  it('a text turn expects its text and replies what the model said; a /regex/-looking text is matched literally', () => {
    const { scenario, notes } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        text(100, 'What is the weather?'),
        say(110, 'It is'),
        say(310, ' sunny.'),
        done(500),
        text(900, '/help/'),
        say(910, 'Ask me.'),
        done(1000),
      ]),
    ]);
    expect(scenario.turns).toEqual([
      { expect: { text: 'What is the weather?' }, model: { reply: 'It is sunny.' } },
      { expect: { text: '/\\/help\\//i' }, model: { reply: 'Ask me.' } },
    ]);
    expect(parseScenario(scenario, 'x').turns[1]!.expect).toMatchObject({ kind: 'text' });
    expect(
      (parseScenario(scenario, 'x').turns[1]!.expect as { pattern: { test(text: string): boolean } }).pattern.test(
        '/help/',
      ),
    ).toBe(true);
    expect(notes).toEqual([]);
  });

  it("speech is measured by the emulator's own VAD and expected within ±20 % (at least ±200 ms); the model's latency is kept", () => {
    const speech = Buffer.concat([silence16k(200), tone16k(1500), silence16k(600)]);
    const { scenario } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        ...audioIn(10, speech),
        audioOut(2600),
        say(2600, 'Heard you.'),
        done(2900),
      ]),
    ]);
    // The tone (200–1700 ms of audio) is followed by the VAD's 500 ms of silence in the chunk sent at t = 10 + 2180.
    expect(scenario.turns).toEqual([
      { expect: { audioMs: [1200, 1800] }, model: { reply: 'Heard you.', firstChunkDelayMs: 410 } },
    ]);
  });

  it('a short delay is the recording path, not the model: no firstChunkDelayMs under 100 ms', () => {
    const { scenario } = exported([
      session('live-0001.ndjson', [setup(), ...ready('h1'), text(100, 'hi'), say(160, 'Hello.'), done(400)]),
    ]);
    expect(scenario.turns[0]!.model).toEqual({ reply: 'Hello.' });
  });

  it('a tool call, the toolResponse, then the answer: toolCall + reply, the latency measured from the toolResponse', () => {
    const { scenario, notes } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        text(100, 'weather in Paris'),
        server(150, { toolCall: { functionCalls: [{ id: 'c1', name: 'get_weather', args: { city: 'Paris' } }] } }),
        client(300, {
          toolResponse: { functionResponses: [{ id: 'c1', name: 'get_weather', response: { sky: 'sunny' } }] },
        }),
        say(800, 'Sunny.'),
        done(1000),
      ]),
    ]);
    expect(scenario.turns).toEqual([
      {
        expect: { text: 'weather in Paris' },
        model: { toolCall: { name: 'get_weather', args: { city: 'Paris' } }, reply: 'Sunny.', firstChunkDelayMs: 500 },
      },
    ]);
    expect(notes).toEqual([]);
  });

  it('a toolCall turn and the answer sent as a second model turn are one scenario turn', () => {
    const { scenario } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        text(100, 'weather'),
        server(150, { toolCall: { functionCalls: [{ id: 'c1', name: 'get_weather', args: {} }] } }),
        done(151),
        client(200, { toolResponse: { functionResponses: [{ id: 'c1', name: 'get_weather', response: {} }] } }),
        say(220, 'Sunny.'),
        done(300),
      ]),
    ]);
    expect(scenario.turns).toEqual([
      { expect: { text: 'weather' }, model: { toolCall: { name: 'get_weather', args: {} }, reply: 'Sunny.' } },
    ]);
  });

  it('the model interrupting itself keeps the interruption point; a reply cut by a barge-in leaves the cut to the input', () => {
    const barge = Buffer.concat([tone16k(400), silence16k(100)]);
    const { scenario, notes } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        text(100, 'a story'),
        say(110, 'Once'),
        say(310, ' upon'),
        server(460, { serverContent: { interrupted: true } }),
        done(460),
        text(1000, 'again'),
        say(1010, 'Once'),
        ...audioIn(1100, barge),
        server(1180, { serverContent: { interrupted: true } }),
        done(1180),
      ]),
    ]);
    expect(scenario.turns.map((turn) => turn.model)).toEqual([
      { reply: 'Once upon …', interruptAfterMs: 350 },
      { reply: 'Once …' },
    ]);
    expect(notes).toContain(
      'turns[0]: the model was interrupted 350 ms into its reply; the reply is what was heard, then "…"',
    );
    expect(notes).toContain(
      'turns[1]: the user interrupted the reply (the same input does it again); the reply is what was heard, then "…"',
    );
  });

  it('a reply recorded without transcription stands as "…" words as long as its audio, with a note', () => {
    const { scenario, notes } = exported([
      session('live-0001.ndjson', [
        setup({ outputAudioTranscription: undefined }),
        ...ready('h1'),
        text(100, 'hi'),
        audioOut(110, 300),
        audioOut(410, 300),
        done(800),
      ]),
    ]);
    expect(scenario.turns[0]!.model).toEqual({ reply: '… … …' });
    expect(notes).toContain(
      'turns[0]: the reply\'s words were not recorded (no outputAudioTranscription): 3 × "…" stand for its 600 ms of audio',
    );
    expect(notes).toContain(
      "replies are spoken in the emulator's deterministic voice (a tone per word), not the recorded audio",
    );
  });

  it('--record-audio off: the VAD cannot hear sizes, so each answered stretch of audio expects anything', () => {
    const { scenario, notes } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        ...audioIn(10, tone16k(600), true),
        say(700, 'Yes.'),
        done(800),
        ...audioIn(900, tone16k(600), true),
        say(1600, 'No.'),
        done(1700),
      ]),
    ]);
    expect(scenario.turns).toEqual([
      { expect: 'anything', model: { reply: 'Yes.' } },
      { expect: 'anything', model: { reply: 'No.' } },
    ]);
    expect(notes).toContain(
      'input audio was recorded as its size only (--record-audio off), so speech turns cannot be measured: they expect "anything"',
    );
  });

  it('manual activity (a token lock turning automatic detection off) makes activityStart…activityEnd one speech turn', () => {
    const lock = {
      model: 'models/gemini-3.8-live',
      realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
    };
    const rest: CassetteLine[] = [
      {
        t: 0,
        dir: 'client',
        kind: 'rest-request',
        id: 1,
        method: 'POST',
        path: '/v1alpha/auth_tokens',
        headers: {},
        body: { bidiGenerateContentSetup: lock },
      },
      {
        t: 5,
        dir: 'server',
        kind: 'rest-response',
        id: 1,
        status: 200,
        headers: {},
        body: { name: 'auth_tokens/<placeholder-1>' },
      },
    ];
    const lines = [
      open('access_token=auth_tokens/<placeholder-1>'),
      setup(),
      ...ready('h1'),
      client(10, { realtimeInput: { activityStart: {} } }),
      ...audioIn(20, silence16k(1000)),
      client(1100, { realtimeInput: { activityEnd: {} } }),
      say(1110, 'OK.'),
      done(1200),
    ];
    const { scenario } = exported([{ file: 'live-0001.ndjson', lines }], rest);
    expect(scenario.turns[0]!.expect).toEqual({ audioMs: [800, 1200] });
  });
});

describe('exportScenario: connections', () => {
  const chain = (): SessionCassette[] => [
    session('live-0001.ndjson', [
      setup(),
      ...ready('h1'),
      text(100, 'one'),
      say(110, 'First.'),
      done(300),
      server(1600, { goAway: { timeLeft: '0.400s' } }),
      closed(2003, 'server', 1011, 'Deadline expired before operation could complete.'),
    ]),
    // A resume the upstream refused (the token was used up): the emulator's rules decide that again.
    session('live-0002.ndjson', [
      setup({ sessionResumption: { handle: 'h1' } }),
      closed(3, 'server', 1011, 'Token has been used too many times'),
    ]),
    session('live-0003.ndjson', [
      setup({ sessionResumption: { handle: 'h1' } }),
      ...ready('h2'),
      text(50, 'two'),
      say(60, 'Second.'),
      done(200),
      server(1603, { goAway: { timeLeft: '0.400s' } }),
      closed(1610, 'client', 1000, 'resuming'),
    ]),
  ];

  it('a resume chain is one scenario; the goAway lead and the close at the end of every lifetime are its connection block', () => {
    const { scenario, notes } = exported(chain());
    expect(scenario.connection).toEqual({
      lifetimeMs: 2000,
      goAwayLeadMs: 400,
      close: { code: 1011, reason: 'Deadline expired before operation could complete.' },
    });
    expect(scenario.turns.map((turn) => turn.expect)).toEqual([{ text: 'one' }, { text: 'two' }]);
    expect(scenario.description).toBe(
      'exported from live-0001.ndjson … live-0003.ndjson (2 sessions) by gemtoken emulator --export-scenario',
    );
    expect(notes[0]).toBe(
      'live-0002.ndjson: closed before setupComplete (e.g. 1011 "Token has been used too many times"); the emulator\'s own token and session rules decide that again, so they are not in the scenario',
    );
  });

  it('naming any cassette of the chain, the refused one included, exports the same conversation', () => {
    const whole = exported(chain()).scenario;
    for (const pick of ['live-0001.ndjson', 'live-0002.ndjson', 'live-0003.ndjson'])
      expect(exported(chain(), [], pick).scenario).toEqual(whole);
  });

  it('a goAway off the lifetime stays with its turn (timeLeft noted); a server close mid-conversation closes that turn', () => {
    const { scenario, notes } = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        text(100, 'go'),
        say(110, 'Going.'),
        server(350, { goAway: { timeLeft: '10s' } }),
        done(400),
        closed(420, 'server', 1011, 'Internal error encountered.'),
      ]),
    ]);
    expect(scenario.connection).toEqual({
      lifetimeMs: 10350,
      goAwayLeadMs: 10_000,
      close: { code: 1011, reason: 'Internal error encountered.' },
    });
    // One goAway is the whole evidence of a lifetime; a second session with an earlier end would correct it.
    const two = exported([
      session('live-0001.ndjson', [
        setup(),
        ...ready('h1'),
        text(100, 'go'),
        say(110, 'Going.'),
        server(350, { goAway: { timeLeft: '10s' } }),
        done(400),
        closed(420, 'server', 1011, 'Internal error encountered.'),
      ]),
      session('live-0002.ndjson', [
        setup({ sessionResumption: { handle: 'h1' } }),
        ...ready('h2'),
        server(1000, { goAway: { timeLeft: '0.5s' } }),
        closed(1500, 'server', 1011, 'Deadline expired before operation could complete.'),
      ]),
    ]);
    expect(two.scenario.connection).toEqual({
      lifetimeMs: 1500,
      goAwayLeadMs: 500,
      close: { code: 1011, reason: 'Deadline expired before operation could complete.' },
    });
    expect(two.scenario.turns[0]!.model).toEqual({
      reply: 'Going.',
      goAwayAfterMs: 250,
      close: { code: 1011, reason: 'Internal error encountered.' },
    });
    expect(two.notes).toContain('turns[0]: the goAway\'s timeLeft was "10s"; a scripted goAway says "5s"');
    expect(notes).toEqual([]);
  });

  it('two conversations in one directory: the error names where each starts; a refused session alone holds none', () => {
    const other = session('live-0002.ndjson', [setup(), ...ready('h9'), text(10, 'x'), done(20)]);
    expect(failure(() => exportScenario([chain()[0]!, other], []))).toBe(
      '--export-scenario: 2 conversations are recorded (starting at live-0001.ndjson, live-0002.ndjson): name the cassette of the one to export',
    );
    expect(exported([chain()[0]!, other], [], 'live-0002.ndjson').scenario.turns).toEqual([
      { expect: { text: 'x' }, model: {} },
    ]);
    const refused = session('live-0001.ndjson', [
      setup(),
      closed(3, 'server', 1008, "Method doesn't allow unregistered callers"),
    ]);
    expect(failure(() => exportScenario([refused], []))).toBe(
      '--export-scenario: no recorded session got past its setup (no setupComplete): nothing to script',
    );
    expect(failure(() => exportScenario([refused], [], 'live-0001.ndjson'))).toMatch(
      /^--export-scenario: live-0001\.ndjson: the upstream closed it before setupComplete \(1008 /,
    );
    expect(
      failure(() =>
        exportScenario([session('live-0001.ndjson', [setup(), ...ready('h1'), closed(500, 'client', 1000)])], []),
      ),
    ).toBe(
      '--export-scenario: live-0001.ndjson: no user turn (speech, text or clientContent) was recorded: nothing to script',
    );
  });
});

describe('exportScenario: refused upgrades', () => {
  it('an upgrade the upstream refused with HTTP is noted (a scenario cannot refuse one) and holds no conversation', () => {
    const refusal: SessionCassette = {
      file: 'live-0001.ndjson',
      lines: [open(), { t: 3, dir: 'server', kind: 'refused', status: 429, headers: {}, body: {} }],
    };
    const talk = session('live-0002.ndjson', [setup(), ...ready('h1'), text(10, 'hi'), say(20, 'Hello.'), done(100)]);
    const { scenario, notes } = exported([refusal, talk]);
    expect(scenario.turns).toEqual([{ expect: { text: 'hi' }, model: { reply: 'Hello.' } }]);
    expect(notes).toContain(
      'live-0001.ndjson (HTTP 429): upgrades the upstream refused; a scenario cannot refuse one (--fault live:refuse can), so they are not in it',
    );
    expect(failure(() => exportScenario([refusal, talk], [], 'live-0001.ndjson'))).toBe(
      '--export-scenario: live-0001.ndjson: the upstream refused the upgrade (HTTP 429), so it holds no conversation',
    );
  });
});

describe('scenarioJsonText', () => {
  it('is the JSON of the value, with lists of scalars on one line', () => {
    const value = { description: 'd', turns: [{ expect: { audioMs: [1, 2] }, model: {} }] };
    const text = scenarioJsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('"audioMs": [1, 2]');
    expect(text).toContain('"model": {}');
  });
});
