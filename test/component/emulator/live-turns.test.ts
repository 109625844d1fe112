// Turn-taking through a real socket: VAD turns, barge-in, manual activity, text turns, TEXT
// modality, resumption, goAway.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Reason } from '../../../src/emulator/live/close-codes.js';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, type ServerMessage, silence16k, tone16k } from '../../helpers/live-client.js';

let emu: LiveCoreHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const MODEL = `models/${NATIVE_MODEL}`;
/** Native-audio models refuse TEXT (docs/emulator.md); a model the catalogue does not know accepts it. */
const TEXT_MODEL = 'text-capable-test-model';
const transcript = (messages: ServerMessage[]): string =>
  messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
const textParts = (messages: ServerMessage[]): string =>
  messages
    .flatMap((m) => m.serverContent?.modelTurn?.parts ?? [])
    .map((p: ServerMessage) => p.text ?? '')
    .join('');

async function connect(options = {}, setup: Record<string, unknown> = {}): Promise<LiveTestClient> {
  emu ??= await startLiveCore(options);
  const client = await LiveTestClient.open(`${emu.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
  await client.setup({ model: MODEL, outputAudioTranscription: {}, ...setup });
  return client;
}

async function sessionsJson(): Promise<ServerMessage> {
  return (await emu!.admin('sessions')) as ServerMessage;
}

describe('live turns', () => {
  it('speech during a model turn interrupts it: interrupted, turnComplete, and no more of that turn', async () => {
    const client = await connect();
    client.sendAudio(Buffer.concat([tone16k(1000), silence16k(600)]));
    await client.waitFor((m) => m.serverContent?.modelTurn);
    emu!.advance(5 * 40); // five more steps after the first: six audio chunks in all
    await expect.poll(() => client.audioParts().length, { timeout: 10_000 }).toBe(6);
    client.sendAudio(tone16k(300));
    await client.waitFor((m) => m.serverContent?.interrupted === true);
    const interruptedAt = client.indexOf((m) => m.serverContent?.interrupted === true);
    const completeAt = client.indexOf((m) => m.serverContent?.turnComplete === true);
    expect(completeAt).toBe(interruptedAt + 1);
    expect(client.indexOf((m) => m.serverContent?.generationComplete)).toBe(-1);
    client.sendAudio(silence16k(600));
    await emu!.playTurn(client, completeAt + 1);
    expect(transcript(client.messages.slice(completeAt + 1))).toBe('Turn 2. I heard 0.3 seconds of speech.');
    // Frames arrive in order: a step of the first turn sent after its interruption would show here.
    expect(client.audioParts(0, completeAt)).toHaveLength(6);
    expect(client.audioParts(completeAt)).toHaveLength(8 * 5);
    const json = await sessionsJson();
    expect(json.conversations[0]).toMatchObject({ turns: 2, interrupted: 1 });
    client.close();
  });

  it('activityStart/activityEnd delimit turns when automatic detection is disabled', async () => {
    const client = await connect({}, { realtimeInputConfig: { automaticActivityDetection: { disabled: true } } });
    client.sendAudio(Buffer.concat([tone16k(500), silence16k(800)]));
    client.send({ realtimeInput: { activityStart: {} } });
    client.sendAudio(silence16k(700));
    client.send({ realtimeInput: { activityEnd: {} } });
    await emu!.playTurn(client);
    expect(transcript(client.messages)).toBe('Turn 1. I heard 0.7 seconds of speech.');
    client.close();
  });

  it('activityStart with automatic detection on closes 1007', async () => {
    const client = await connect();
    client.send({ realtimeInput: { activityStart: {} } });
    expect(await client.closed).toEqual({ code: 1007, reason: Reason.activityWithAutoVad });
  });

  it('audioStreamEnd ends the user turn without waiting for silence', async () => {
    const client = await connect();
    client.sendAudio(tone16k(900));
    client.send({ realtimeInput: { audioStreamEnd: true } });
    await emu!.playTurn(client);
    expect(transcript(client.messages)).toBe('Turn 1. I heard 0.9 seconds of speech.');
    client.close();
  });

  it('answers clientContent and realtimeInput.text; TEXT modality streams text parts', async () => {
    const client = await connect(
      { models: [NATIVE_MODEL, TEXT_MODEL] },
      { model: `models/${TEXT_MODEL}`, generationConfig: { responseModalities: ['TEXT'] } },
    );
    client.send({ clientContent: { turns: [{ role: 'user', parts: [{ text: 'hello there' }] }], turnComplete: true } });
    await emu!.playTurn(client);
    expect(textParts(client.messages)).toBe('Turn 1. You said: hello there');
    expect(client.audioParts()).toEqual([]);
    const mark = client.messages.length;
    client.send({ realtimeInput: { text: 'second one' } });
    await emu!.playTurn(client, mark);
    expect(textParts(client.messages.slice(mark))).toBe('Turn 2. You said: second one');
    client.close();
  });

  it('resuming with a handle restores the conversation: turn count and input counters continue', async () => {
    const first = await connect({}, { sessionResumption: {} });
    const pcm = Buffer.concat([tone16k(600), silence16k(600), tone16k(300), silence16k(600)]);
    const cut = 38_400; // after the first 1.2 s
    first.sendAudio(pcm.subarray(0, cut));
    await emu!.playTurn(first);
    const handles = first.messages.filter((m) => m.sessionResumptionUpdate).map((m) => m.sessionResumptionUpdate);
    expect(handles).toEqual([
      { newHandle: expect.any(String), resumable: true },
      { newHandle: expect.any(String), resumable: true },
    ]);
    expect(handles[0].newHandle).not.toBe(handles[1].newHandle);
    first.close();
    await emu!.openSockets(0); // the old socket's close handshake is over (one-socket-per-session)
    const second = await LiveTestClient.open(`${emu!.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
    await second.setup({
      model: MODEL,
      outputAudioTranscription: {},
      sessionResumption: { handle: handles[1].newHandle },
    });
    second.sendAudio(pcm.subarray(cut));
    await emu!.playTurn(second);
    expect(transcript(second.messages)).toBe('Turn 2. I heard 0.3 seconds of speech.');
    const json = await sessionsJson();
    expect(json.conversations).toHaveLength(1);
    expect(json.conversations[0]).toMatchObject({
      sessions: 2,
      resumptions: 1,
      turns: 2,
      audioBytesIn: pcm.length,
      inputSha256: createHash('sha256').update(pcm).digest('hex'),
    });
    expect(json.sessions.map((s: ServerMessage) => s.resumed)).toEqual([false, true]);
    second.close();
  });

  it('an utterance split by a reconnect is one user turn: the voice detector follows the conversation', async () => {
    const first = await connect({}, { sessionResumption: {} });
    const update = await first.waitFor((m) => m.sessionResumptionUpdate?.resumable === true);
    first.sendAudio(tone16k(400)); // mid-sentence when the connection goes
    first.close();
    await emu!.openSockets(0); // the old socket's close handshake is over (one-socket-per-session)
    const second = await LiveTestClient.open(`${emu!.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
    await second.setup({
      model: MODEL,
      outputAudioTranscription: {},
      sessionResumption: { handle: update.sessionResumptionUpdate.newHandle },
    });
    second.sendAudio(Buffer.concat([tone16k(500), silence16k(600)]));
    await emu!.playTurn(second);
    expect(transcript(second.messages)).toBe('Turn 1. I heard 0.9 seconds of speech.');
    second.close();
  });

  it.each([
    ['observed (lifetime-deadline-1011 on)', {}, 1011, Reason.deadline],
    ['documented (lifetime-deadline-1011 off)', { 'lifetime-deadline-1011': false }, 1008, Reason.lifetime],
  ])(
    '%s: goAway{timeLeft} 300 ms before a 1.5 s connection lifetime ends, then the close at 1.5 s',
    async (_name, quirks, code, reason) => {
      const client = await connect({ connectionLifetimeMs: 1500, quirks });
      const framesOut = async (): Promise<number> => (await sessionsJson()).sessions[0].framesOut;
      emu!.advance(1199);
      expect(await framesOut()).toBe(1);
      emu!.advance(1);
      expect(await framesOut()).toBe(2);
      emu!.advance(299);
      expect((await sessionsJson()).sessions[0]).toMatchObject({ open: true, closeCode: null });
      emu!.advance(1);
      expect(await client.closed).toEqual({ code, reason });
      expect(client.messages).toEqual([{ setupComplete: {} }, { goAway: { timeLeft: '0.300s' } }]);
    },
  );
});
