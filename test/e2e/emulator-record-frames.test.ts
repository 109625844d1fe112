// Frames through --record with --record-audio off, then --replay: the cassette keeps each frame's
// bytes, width, height and format and never its data; the replay matches a client that sends the same
// frames (by size) and answers it as recorded; a frame of another size is a mismatch named by size.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LiveTestClient, KEY_PATH, type ServerMessage } from '../helpers/live-client.js';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { ffmpegJpeg, jpegHeader, png } from '../helpers/images.js';
import { requireTools } from '../helpers/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-frame-cassettes-'));
const emulator = emulatorsStoppedAfterAll();
const SETUP = { model: 'models/gemini-2.5-flash-native-audio-preview-09-2025', outputAudioTranscription: {} };
const video = (data: Buffer, mimeType: string) => ({
  realtimeInput: { video: { data: data.toString('base64'), mimeType } },
});
const transcript = (messages: ServerMessage[]): string =>
  messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
let jpeg: Buffer;
let recorded: string;

/** One session: setup, the frames, a question, the whole answer; then a normal close. */
async function askAbout(baseUrl: string, frames: readonly object[]): Promise<string> {
  const client = await LiveTestClient.open(`${baseUrl.replace('http', 'ws')}${KEY_PATH}?key=any-key`);
  await client.setup(SETUP);
  for (const frame of frames) client.send(frame);
  client.send({ realtimeInput: { text: 'what is this?' } });
  await client.waitFor((m) => m.serverContent?.turnComplete === true, 20_000);
  client.ws.close(1000);
  await client.closed;
  return transcript(client.messages);
}

describe.skipIf(requireTools(['ffmpeg'], 'apt-get install ffmpeg'))('frames in cassettes', () => {
  beforeAll(async () => {
    jpeg = ffmpegJpeg(640, 480);
    const upstream = await emulator(['--api-key', 'any-key']);
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl, '--record-audio', 'off']);
    recorded = await askAbout(recorder.baseUrl, [video(jpeg, 'image/jpeg'), video(png(32, 16), 'image/png')]);
    await recorder.stop();
  }, 60_000);

  it('the recording answered with what the upstream saw, and its cassette holds frame sizes only', () => {
    expect(recorded).toBe('Turn 1. You said: what is this? I saw 2 frames: 1 of 640×480 JPEG, 1 of 32×16 PNG.');
    const [file] = readdirSync(dir).filter((name) => name.startsWith('live-'));
    const text = readFileSync(path.join(dir, file!), 'utf8');
    expect(text).not.toContain(jpeg.toString('base64').slice(0, 40));
    const frames = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { dir: string; json?: { realtimeInput?: { video?: unknown } } })
      .flatMap((line) =>
        line.dir === 'client' && line.json?.realtimeInput?.video ? [line.json.realtimeInput.video] : [],
      );
    expect(frames).toEqual([
      { mimeType: 'image/jpeg', data: { frameBytes: jpeg.length, width: 640, height: 480, format: 'JPEG' } },
      { mimeType: 'image/png', data: { frameBytes: png(32, 16).length, width: 32, height: 16, format: 'PNG' } },
    ]);
  });

  it('--replay answers a client sending frames of the recorded sizes as recorded', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    // Other bytes (a bare header) of the same size: frames are matched by what they show, not byte for byte.
    const other = jpegHeader(640, 480);
    expect(await askAbout(replayer.baseUrl, [video(other, 'image/jpeg'), video(png(32, 16), 'image/png')])).toBe(
      recorded,
    );
    expect(replayer.log()).not.toContain('replay.mismatch');
  }, 30_000);

  it('--replay names a frame of another size as the mismatch', async () => {
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    const client = await LiveTestClient.open(`${replayer.baseUrl.replace('http', 'ws')}${KEY_PATH}?key=any-key`);
    await client.setup(SETUP);
    client.send(video(png(64, 64), 'image/png'));
    expect(await client.closed).toEqual({
      code: 1007,
      reason: 'replay mismatch: live-0001.ndjson message 2: expected realtimeInput frame 640×480 JPEG',
    });
  }, 30_000);
});
