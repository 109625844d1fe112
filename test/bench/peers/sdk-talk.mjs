// The comparison for row 10: the shape of Google's command-line Node sample, the
// least a client can do for the same job — a file as the microphone (16 kHz s16le, sent in 20 ms
// chunks at real-time pace), live.connect through @google/genai, the model's audio to the `speaker`
// package. argv: BASE_URL TOKEN WAV_FILE. Ends when the file is sent and the last reply has played.
import { readFileSync } from 'node:fs';
import { GoogleGenAI, Modality } from '@google/genai';
import Speaker from 'speaker';

const [baseUrl, token, file] = process.argv.slice(2);
const pcm = readFileSync(file).subarray(44);
const speaker = new Speaker({ channels: 1, bitDepth: 16, sampleRate: 24000 });
let lastReplyAt = Date.now();

const ai = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl, apiVersion: 'v1alpha' } });
console.warn = () => undefined; // the SDK's "experimental" note on every token connect
const session = await ai.live.connect({
  model: 'gemini-3.8-live',
  config: { responseModalities: [Modality.AUDIO] },
  callbacks: {
    onmessage: (message) => {
      for (const part of message.serverContent?.modelTurn?.parts ?? []) {
        if (part.inlineData?.data) speaker.write(Buffer.from(part.inlineData.data, 'base64'));
      }
      if (message.serverContent) lastReplyAt = Date.now();
    },
  },
});

const CHUNK = 640;
let offset = 0;
const started = Date.now();
await new Promise((resolve) => {
  const timer = setInterval(() => {
    // Real-time pace: as many chunks as the clock says are due.
    while (offset < pcm.length && offset / 32 <= Date.now() - started) {
      session.sendRealtimeInput({
        audio: { data: pcm.subarray(offset, offset + CHUNK).toString('base64'), mimeType: 'audio/pcm;rate=16000' },
      });
      offset += CHUNK;
    }
    if (offset >= pcm.length && Date.now() - lastReplyAt > 2000) {
      clearInterval(timer);
      resolve();
    }
  }, 20);
});
session.close();
speaker.end();
