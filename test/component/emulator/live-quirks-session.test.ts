// The Live half's session quirks and the transient-1011 fault, through real sockets on the
// hand-driven clock: the goAway lead (lifetime-deadline-1011), `live:internal`, `full-lock-ignores-client`,
// `full-lock-default-text`, `indented-frames` and `resume-loses-context`.
import { afterEach, describe, expect, it } from 'vitest';
import { Reason } from '../../../src/emulator/live/close-codes.js';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import {
  KEY_PATH,
  LiveTestClient,
  TOKEN_PATH,
  type ServerMessage,
  silence16k,
  tone16k,
} from '../../helpers/live-client.js';

let emu: LiveCoreHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const MODEL = `models/${NATIVE_MODEL}`;
const SPEECH = Buffer.concat([tone16k(500), silence16k(600)]);
const withKey = (): Promise<LiveTestClient> => LiveTestClient.open(`${emu!.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
const withToken = (name: string): Promise<LiveTestClient> =>
  LiveTestClient.open(`${emu!.wsBase}${TOKEN_PATH}?access_token=${name}`);
const sessions = async (): Promise<ServerMessage> => (await emu!.admin('sessions')) as ServerMessage;
const kinds = (client: LiveTestClient): string[] =>
  client.messages.map((m) =>
    m.serverContent ? `serverContent.${Object.keys(m.serverContent).join('+')}` : Object.keys(m).join('+'),
  );

describe('lifetime-deadline-1011: the goAway lead', () => {
  it('goAwayLeadMs sets when the goAway goes out and the timeLeft it carries', async () => {
    emu = await startLiveCore({ connectionLifetimeMs: 10_000, goAwayLeadMs: 3000 });
    const client = await withKey();
    await client.setup({ model: MODEL });
    emu.advance(6999);
    expect((await sessions()).sessions[0].framesOut).toBe(1);
    emu.advance(1);
    await client.waitFor((m) => 'goAway' in m);
    emu.advance(3000);
    expect(await client.closed).toEqual({ code: 1011, reason: Reason.deadline });
    expect(client.messages).toEqual([{ setupComplete: {} }, { goAway: { timeLeft: '3s' } }]);
  });
});

describe('the live:internal fault', () => {
  it('cuts the first model turn after a handle went out with 1011; the handle resumes the conversation', async () => {
    emu = await startLiveCore();
    emu.faults.push({ kind: 'internal' });
    const client = await withKey();
    await client.setup({ model: MODEL, sessionResumption: {} });
    const handle = (await client.waitFor((m) => m.sessionResumptionUpdate)).sessionResumptionUpdate.newHandle;
    client.sendAudio(SPEECH);
    await client.waitFor((m) => m.serverContent?.modelTurn);
    emu.advance(5_000);
    expect(await client.closed).toEqual({ code: 1011, reason: Reason.internal });
    // "Turn 1. I heard 0.5 seconds of speech.": 8 words × 5 chunks, cut after the first half.
    expect(kinds(client)).toEqual([
      'setupComplete',
      'sessionResumptionUpdate',
      ...Array(20).fill('serverContent.modelTurn'),
    ]);
    expect((await sessions()).sessions[0]).toMatchObject({ fault: 'internal', closeCode: 1011, closedBy: 'server' });
    await emu.openSockets(0);
    const resumed = await withKey();
    await resumed.setup({ model: MODEL, outputAudioTranscription: {}, sessionResumption: { handle } });
    resumed.sendAudio(SPEECH);
    const done = await emu.playTurn(resumed);
    expect(done.serverContent.turnComplete).toBe(true);
    expect(resumed.messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('')).toBe(
      'Turn 2. I heard 0.5 seconds of speech.',
    );
    expect((await sessions()).conversations[0]).toMatchObject({ sessions: 2, resumptions: 1, turns: 2 });
    resumed.close();
  });

  it('a session without resumption is cut at its first model turn all the same; only the next N sessions are hit', async () => {
    emu = await startLiveCore();
    emu.faults.push({ kind: 'internal' });
    const client = await withKey();
    await client.setup({ model: MODEL });
    client.sendAudio(SPEECH);
    await client.waitFor((m) => m.serverContent?.modelTurn);
    emu.advance(5_000);
    expect(await client.closed).toEqual({ code: 1011, reason: Reason.internal });
    const next = await withKey();
    await next.setup({ model: MODEL });
    next.sendAudio(SPEECH);
    await emu.playTurn(next);
    next.close();
  });
});

describe('full-lock-ignores-client and full-lock-default-text', () => {
  const CLIENT = {
    model: 'models/gemini-3.8-live',
    generationConfig: { responseModalities: ['TEXT'] },
    sessionResumption: {},
    inputAudioTranscription: {},
    outputAudioTranscription: {},
  };
  /** The lock names its modality, so only full-lock-ignores-client is in play. */
  const AUDIO = { responseModalities: ['AUDIO'] };

  async function lockedSession(setup: Record<string, unknown>, quirks = {}): Promise<LiveTestClient> {
    emu = await startLiveCore({ quirks });
    emu.addToken({ name: 'auth_tokens/lock', setup, fieldMask: [], uses: 0 });
    const client = await withToken('auth_tokens/lock');
    await client.setup(CLIENT);
    return client;
  }

  it('default-text on: a full lock of only the model is refused at connect by an audio-only model, asked for TEXT', async () => {
    emu = await startLiveCore();
    emu.addToken({ name: 'auth_tokens/lock', setup: { model: MODEL }, fieldMask: [], uses: 0 });
    const client = await withToken('auth_tokens/lock');
    client.send({ setup: CLIENT });
    const closed = await client.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toMatch(/TEXT|non-audio/);
    expect(client.messages).toEqual([]);
  });

  it('default-text off (the docs): a full lock of only the model answers in AUDIO', async () => {
    const client = await lockedSession({ model: MODEL }, { 'full-lock-default-text': false });
    client.sendAudio(SPEECH);
    await emu!.playTurn(client);
    expect(client.audioParts()).toHaveLength(40);
    client.close();
  });

  it('on: no handles, no transcripts when the token setup sets none of them', async () => {
    const client = await lockedSession({ model: MODEL, generationConfig: AUDIO });
    client.sendAudio(SPEECH);
    await emu!.playTurn(client);
    expect(client.indexOf((m) => m.sessionResumptionUpdate)).toBe(-1);
    expect(client.indexOf((m) => m.serverContent?.inputTranscription || m.serverContent?.outputTranscription)).toBe(-1);
    expect(client.audioParts()).toHaveLength(40);
    expect((await sessions()).sessions[0].setup).toMatchObject({
      model: MODEL,
      responseModality: 'AUDIO',
      sessionResumption: false,
      inputAudioTranscription: false,
      outputAudioTranscription: false,
    });
    client.close();
  });

  it('on: what the token setup asks for, it gets', async () => {
    const client = await lockedSession({
      model: MODEL,
      generationConfig: AUDIO,
      sessionResumption: {},
      outputAudioTranscription: {},
    });
    await client.waitFor((m) => m.sessionResumptionUpdate?.resumable === true);
    expect((await sessions()).sessions[0].setup).toMatchObject({
      sessionResumption: true,
      inputAudioTranscription: false,
      outputAudioTranscription: true,
    });
    client.close();
  });

  it('on: a handle sent anyway is accepted and logged (the real behaviour is unknown)', async () => {
    emu = await startLiveCore();
    const keyed = await withKey();
    await keyed.setup({ model: MODEL, sessionResumption: {} });
    const handle = (await keyed.waitFor((m) => m.sessionResumptionUpdate)).sessionResumptionUpdate.newHandle;
    keyed.close();
    await emu.openSockets(0);
    emu.addToken({
      name: 'auth_tokens/lock',
      setup: { model: MODEL, generationConfig: AUDIO },
      fieldMask: [],
      uses: 1,
    });
    const resumed = await withToken('auth_tokens/lock');
    await resumed.setup({ ...CLIENT, sessionResumption: { handle } });
    expect((await sessions()).sessions[1]).toMatchObject({ resumed: true, setup: { sessionResumption: false } });
    expect(emu.logs.filter((l) => l.event === 'live.warning').map((l) => l.warning)).toEqual([
      'conversation c1 resumed with another credential than it started with (accepted: the real rule is unknown)',
      'resumption handle accepted under a full lock (the real service may ignore it: its behaviour is unknown)',
    ]);
    resumed.close();
  });

  it("off: the client's sessionResumption request is honoured under a full lock", async () => {
    const client = await lockedSession(
      { model: MODEL, generationConfig: AUDIO },
      { 'full-lock-ignores-client': false },
    );
    await client.waitFor((m) => m.sessionResumptionUpdate?.resumable === true);
    expect((await sessions()).sessions[0].setup).toMatchObject({
      sessionResumption: true,
      responseModality: 'AUDIO',
      outputAudioTranscription: false,
    });
    client.close();
  });
});

describe('indented-frames', () => {
  it('on: each frame is indented JSON ending in a newline, as recorded from the real service', async () => {
    emu = await startLiveCore();
    const client = await withKey();
    await client.setup({ model: MODEL });
    expect(client.raw[0]).toBe('{\n  "setupComplete": {}\n}\n');
    client.close();
  });

  it('off (the documented profile): compact JSON', async () => {
    emu = await startLiveCore({ profile: 'documented' });
    const client = await withKey();
    await client.setup({ model: MODEL });
    expect(client.raw[0]).toBe('{"setupComplete":{}}');
    client.close();
  });
});

describe('resume-loses-context (unconfirmed, off by default)', () => {
  async function turnAfterResume(quirks = {}): Promise<string> {
    emu = await startLiveCore({ quirks });
    const first = await withKey();
    await first.setup({ model: MODEL, sessionResumption: {} });
    first.sendAudio(SPEECH);
    await emu.playTurn(first);
    const handles = first.messages.filter((m) => m.sessionResumptionUpdate?.newHandle);
    const handle = handles[handles.length - 1]!.sessionResumptionUpdate.newHandle;
    first.close();
    await emu.openSockets(0);
    const resumed = await withKey();
    await resumed.setup({ model: MODEL, outputAudioTranscription: {}, sessionResumption: { handle } });
    resumed.sendAudio(SPEECH);
    await emu.playTurn(resumed);
    resumed.close();
    return resumed.messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
  }

  it('off: the resumed conversation goes on from where it was', async () => {
    expect(await turnAfterResume()).toBe('Turn 2. I heard 0.5 seconds of speech.');
  });

  it('on: the resumed model starts over, as a field report says it did', async () => {
    expect(await turnAfterResume({ 'resume-loses-context': true })).toBe('Turn 1. I heard 0.5 seconds of speech.');
  });
});
