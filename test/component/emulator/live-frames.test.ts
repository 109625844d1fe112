// Video frames through a real socket: counted per connection (GET /emulator/sessions), decoded from
// their JPEG/PNG headers, and answered in the turn that follows them; bad frames are accepted, counted
// as unreadable and logged, never refused.
import { afterEach, describe, expect, it } from 'vitest';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, type ServerMessage, silence16k, tone16k } from '../../helpers/live-client.js';
import { jpegHeader, png, pngHeader } from '../../helpers/images.js';

let emu: LiveCoreHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const transcript = (messages: ServerMessage[]): string =>
  messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');

async function connect(): Promise<LiveTestClient> {
  emu ??= await startLiveCore();
  const client = await LiveTestClient.open(`${emu.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
  await client.setup({ model: `models/${NATIVE_MODEL}`, outputAudioTranscription: {} });
  return client;
}

const video = (data: Buffer, mimeType: string) => ({
  realtimeInput: { video: { data: data.toString('base64'), mimeType } },
});

async function frames(): Promise<unknown> {
  const json = (await emu!.admin('sessions')) as ServerMessage;
  return json.sessions[0].frames;
}

describe('live video frames', () => {
  it('a text turn after three JPEG frames says what it saw; the next turn, without frames, says nothing of them', async () => {
    const client = await connect();
    for (let i = 0; i < 3; i++) client.send(video(jpegHeader(640, 480), 'image/jpeg'));
    client.send({ realtimeInput: { text: 'what is this?' } });
    await emu!.playTurn(client);
    expect(transcript(client.messages)).toBe('Turn 1. You said: what is this? I saw 3 frames of 640×480 JPEG.');
    const end = client.messages.length;
    client.send({ realtimeInput: { text: 'and now?' } });
    await emu!.playTurn(client, end);
    expect(transcript(client.messages.slice(end))).toBe('Turn 2. You said: and now?');
    expect(await frames()).toEqual({
      count: 3,
      bytes: 3 * jpegHeader(640, 480).length,
      unreadable: 0,
      sizes: { '640×480 JPEG': 3 },
    });
    client.close();
  });

  it('a frame sent while the model answers counts for the next turn, not the one being answered', async () => {
    const client = await connect();
    client.send({ realtimeInput: { text: 'one' } });
    await client.waitFor((m) => m.serverContent?.modelTurn !== undefined);
    client.send(video(png(8, 8), 'image/png'));
    await expect.poll(async () => ((await frames()) as { count: number }).count).toBe(1);
    emu!.advance(5_000);
    await client.waitFor((m) => m.serverContent?.turnComplete === true);
    expect(transcript(client.messages)).toBe('Turn 1. You said: one');
    const end = client.messages.length;
    client.send({ realtimeInput: { text: 'two' } });
    await emu!.playTurn(client, end);
    expect(transcript(client.messages.slice(end))).toBe('Turn 2. You said: two I saw 1 frame of 8×8 PNG.');
    client.close();
  });

  it('frames interleaved with speech are answered at the end of the speech, mixed sizes listed by first arrival', async () => {
    const client = await connect();
    client.sendAudio(tone16k(400));
    client.send(video(png(32, 16), 'image/png'));
    client.sendAudio(tone16k(400));
    client.send(video(jpegHeader(640, 480), 'image/jpeg'));
    client.send(video(png(32, 16), 'image/png'));
    client.sendAudio(silence16k(800));
    await emu!.playTurn(client);
    expect(transcript(client.messages)).toBe(
      'Turn 1. I heard 0.8 seconds of speech. I saw 3 frames: 2 of 32×16 PNG, 1 of 640×480 JPEG.',
    );
    expect(await frames()).toMatchObject({ count: 3, unreadable: 0, sizes: { '32×16 PNG': 2, '640×480 JPEG': 1 } });
    client.close();
  });

  it('a frame that is not the image its mimeType names, or not an image, is accepted, counted as unreadable and logged once per kind', async () => {
    const client = await connect();
    client.send(video(png(2, 2), 'image/jpeg'));
    client.send(video(png(2, 2), 'image/jpeg'));
    client.send(video(Buffer.from('not a movie'), 'video/mp4'));
    client.send({ realtimeInput: { mediaChunks: [{ data: png(4, 4).toString('base64'), mimeType: 'image/png' }] } });
    client.send({ clientContent: { turns: [{ role: 'user', parts: [{ text: 'hi' }] }], turnComplete: true } });
    await emu!.playTurn(client);
    expect(transcript(client.messages)).toBe('Turn 1. You said: hi I saw 4 frames: 3 unreadable, 1 of 4×4 PNG.');
    expect(await frames()).toMatchObject({ count: 4, unreadable: 3, sizes: { '4×4 PNG': 1 } });
    expect(emu!.logs.filter((l) => l.event === 'live.warning').map((l) => l.warning)).toEqual([
      "video frame unreadable (image/jpeg bytes that are a PNG): counted as unreadable and accepted; the real service's rule is unconfirmed",
      'video frame unreadable (mimeType "video/mp4" is not JPEG or PNG): counted as unreadable and accepted; the real service\'s rule is unconfirmed',
    ]);
    expect(client.messages.some((m) => 'goAway' in m)).toBe(false);
    client.close();
  });

  it('a large frame is accepted; a message over the inbound bound (maxFrameBytes) closes 1009, as any message does', async () => {
    const client = await connect();
    // A PNG header padded to most of the bound: only the header is read.
    const big = Buffer.concat([pngHeader(4000, 3000), Buffer.alloc(600_000)]);
    client.send(video(big, 'image/png'));
    client.send({ realtimeInput: { text: 'big?' } });
    await emu!.playTurn(client);
    expect(transcript(client.messages)).toBe('Turn 1. You said: big? I saw 1 frame of 4000×3000 PNG.');
    client.send(video(Buffer.alloc(1024 * 1024), 'image/png'));
    expect((await client.closed).code).toBe(1009);
  });

  it('a session without frames reports an empty frames object', async () => {
    const client = await connect();
    expect(await frames()).toEqual({ count: 0, bytes: 0, unreadable: 0, sizes: {} });
    client.close();
  });
});
