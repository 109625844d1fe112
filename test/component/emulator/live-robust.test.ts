// Bad input, limits, faults and the locked setup, through a real socket.
import { afterEach, describe, expect, it } from 'vitest';
import { Reason } from '../../../src/emulator/live/close-codes.js';
import { NATIVE_MODEL, TEST_KEY, TURN_MS, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
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

async function open(options = {}): Promise<LiveTestClient> {
  emu ??= await startLiveCore(options);
  return LiveTestClient.open(`${emu.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
}

async function stillServes(): Promise<void> {
  const fresh = await open();
  await fresh.setup({ model: MODEL });
  fresh.close();
}

describe('live robustness', () => {
  it.each([
    ['text garbage', (c: LiveTestClient) => c.ws.send('{oops'), 1007, Reason.notJson],
    ['binary garbage', (c: LiveTestClient) => c.ws.send(Buffer.from([0xff, 0x00, 0x13])), 1007, Reason.notJson],
    [
      'a message before setup',
      (c: LiveTestClient) => c.send({ realtimeInput: { text: 'hi' } }),
      1007,
      Reason.invalidArgument,
    ],
    [
      'two kinds in one message',
      (c: LiveTestClient) => c.send({ setup: { model: MODEL }, realtimeInput: {} }),
      1007,
      Reason.invalidArgument,
    ],
    [
      'an unknown setup field',
      (c: LiveTestClient) => c.send({ setup: { model: MODEL, x: 1 } }),
      1007,
      'Invalid JSON payload received. Unknown name "x" at \'setup\': Cannot find field.',
    ],
    [
      'an unknown model',
      (c: LiveTestClient) => c.send({ setup: { model: 'models/nope' } }),
      1008,
      'models/nope is not found for API version v1alpha, or is not supported for bidiGenerateContent. Call ListModels',
    ],
  ])('%s closes the session and the emulator keeps serving', async (_name, act, code, reason) => {
    const client = await open();
    act(client);
    expect(await client.closed).toEqual({ code, reason });
    await stillServes();
  });

  it('an oversized frame closes 1009; a binary JSON frame is accepted', async () => {
    const client = await open({ maxFrameBytes: 4096 });
    client.ws.send(Buffer.from(JSON.stringify({ setup: { model: MODEL } })));
    await client.waitFor((m) => 'setupComplete' in m);
    client.send({ realtimeInput: { text: 'x'.repeat(5000) } });
    expect(await client.closed).toEqual({ code: 1009, reason: '' });
    await stillServes();
    const json = (await emu!.admin('sessions')) as ServerMessage;
    expect(json.sessions[0]).toMatchObject({
      closeCode: 1009,
      closeReason: 'Max payload size exceeded',
      closedBy: 'server',
    });
  });

  it('refuses upgrades over maxSessions with HTTP 429', async () => {
    const first = await open({ maxSessions: 1 });
    const second = await open();
    expect(second.httpStatus).toBe(429);
    first.close();
    await first.closed;
    await stillServes();
  });

  it('fault refuse answers the upgrade 429', async () => {
    emu = await startLiveCore();
    emu.faults.push({ kind: 'refuse', retryAfterSeconds: 3 });
    expect((await open()).httpStatus).toBe(429);
    await stillServes();
  });

  it('fault drop sends part of the next model turn, then closes 1011', async () => {
    emu = await startLiveCore();
    emu.faults.push({ kind: 'drop' });
    const client = await open();
    await client.setup({ model: MODEL });
    client.sendAudio(Buffer.concat([tone16k(500), silence16k(600)]));
    await client.waitFor((m) => m.serverContent?.modelTurn);
    emu.advance(TURN_MS);
    expect(await client.closed).toEqual({ code: 1011, reason: Reason.internal });
    // "Turn 1. I heard 0.5 seconds of speech.": 8 words × 5 chunks, cut after the first half.
    expect(client.audioParts()).toHaveLength(20);
    expect(client.indexOf((m) => m.serverContent?.turnComplete)).toBe(-1);
  });

  it('fault stall keeps the socket open and sends nothing, not even setupComplete', async () => {
    emu = await startLiveCore();
    emu.faults.push({ kind: 'stall' });
    const client = await open();
    client.send({ setup: { model: MODEL } });
    client.send({ realtimeInput: { text: 'anyone?' } });
    const session = async (): Promise<ServerMessage> => ((await emu!.admin('sessions')) as ServerMessage).sessions[0];
    await expect.poll(async () => (await session()).framesIn, { timeout: 10_000 }).toBe(2);
    emu.advance(TURN_MS); // long enough for the whole answer to "anyone?"
    // Counted on the server: zero frames left it, so none can still be on the way.
    expect(await session()).toMatchObject({ fault: 'stall', open: true, framesOut: 0, turns: 1 });
    expect(client.messages).toEqual([]);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    client.close();
  });

  it('close() ends open sessions with 1001', async () => {
    emu = await startLiveCore();
    const client = await open();
    await client.setup({ model: MODEL });
    await emu.stop();
    emu = undefined;
    expect(await client.closed).toEqual({ code: 1001, reason: Reason.shutdown });
  });
});

describe('locked setup', () => {
  const locked = {
    model: MODEL,
    generationConfig: { temperature: 0.7, responseModalities: ['AUDIO'] },
    sessionResumption: {},
  };

  // The client asks for TEXT on a model that may answer in it (the catalogue does not know it).
  const TEXT_MODEL = 'text-capable-test-model';
  async function effectiveSetup(fieldMask: string[]): Promise<ServerMessage> {
    emu = await startLiveCore({ models: [NATIVE_MODEL, TEXT_MODEL] });
    emu.addToken({ name: 'auth_tokens/lock', setup: locked, fieldMask });
    const client = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/lock`);
    await client.setup({
      model: `models/${TEXT_MODEL}`,
      generationConfig: { responseModalities: ['TEXT'], temperature: 0.1, topK: 3 },
    });
    const json = (await emu.admin('sessions')) as ServerMessage;
    client.close();
    return json.sessions[0].setup;
  }

  it('no mask: the token setup is used whole, a different client model is silently overridden', async () => {
    expect(await effectiveSetup([])).toMatchObject({
      model: MODEL,
      responseModality: 'AUDIO',
      generationConfig: { temperature: 0.7, responseModalities: ['AUDIO'] },
      sessionResumption: true,
    });
  });

  it('a leaf mask overrides only that leaf', async () => {
    expect(await effectiveSetup(['generationConfig.temperature'])).toMatchObject({
      model: `models/${TEXT_MODEL}`,
      responseModality: 'TEXT',
      generationConfig: { temperature: 0.7, responseModalities: ['TEXT'], topK: 3 },
      sessionResumption: false,
    });
  });
});
