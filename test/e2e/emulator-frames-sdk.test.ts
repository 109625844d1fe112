// The official @google/genai SDK, unmodified, streams video frames to the built `gemtoken emulator`
// (`session.sendRealtimeInput({video})`, and the deprecated `{media}` that goes out as mediaChunks);
// the turn after them says what the emulator saw, and GET /emulator/sessions counts them. The JPEG is
// a real one made by ffmpeg (`testsrc`).
import { GoogleGenAI, Modality, type LiveServerMessage } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { ffmpegJpeg, png } from '../helpers/images.js';
import { requireTools } from '../helpers/tools.js';

const MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
let emu: EmulatorHandle;

describe.skipIf(requireTools(['ffmpeg'], 'apt-get install ffmpeg'))('@google/genai video frames', () => {
  beforeAll(async () => {
    emu = await spawnEmulator(['--log', 'json']);
  });
  afterAll(async () => expect(await emu.stop()).toBe(0));

  it('answers the turn after the frames with what it saw, and counts them per session', async () => {
    const messages: LiveServerMessage[] = [];
    let turnDone!: () => void;
    const done = new Promise<void>((resolve) => (turnDone = resolve));
    const ai = new GoogleGenAI({
      apiKey: emu.apiKeys[0]!,
      httpOptions: { apiVersion: 'v1beta', baseUrl: emu.baseUrl },
    });
    const session = await ai.live.connect({
      model: MODEL,
      config: { responseModalities: [Modality.AUDIO], outputAudioTranscription: {} },
      callbacks: {
        onmessage: (m) => {
          messages.push(m);
          if (m.serverContent?.turnComplete) turnDone();
        },
        onerror: () => undefined,
      },
    });
    const jpeg = ffmpegJpeg(640, 480).toString('base64');
    session.sendRealtimeInput({ video: { data: jpeg, mimeType: 'image/jpeg' } });
    session.sendRealtimeInput({ media: { data: png(32, 16).toString('base64'), mimeType: 'image/png' } });
    session.sendRealtimeInput({ video: { data: jpeg, mimeType: 'image/jpeg' } });
    session.sendRealtimeInput({ text: 'what is this?' });
    await done;
    const said = messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
    expect(said).toBe('Turn 1. You said: what is this? I saw 3 frames: 2 of 640×480 JPEG, 1 of 32×16 PNG.');
    const admin = await fetch(`${emu.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } });
    const { sessions } = (await admin.json()) as { sessions: Array<{ frames: unknown }> };
    expect(sessions[0]!.frames).toEqual({
      count: 3,
      bytes: 2 * Buffer.from(jpeg, 'base64').length + png(32, 16).length,
      unreadable: 0,
      sizes: { '640×480 JPEG': 2, '32×16 PNG': 1 },
    });
    session.close();
  }, 30_000);
});
