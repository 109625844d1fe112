// Rows 11–12's client: a Live conversation in real time. The demo's spoken question (the same
// speech-like signal row 10 plays) every 6 s, as 16 kHz PCM in 20 ms chunks, each sent when its
// last sample would have been captured; the emulator's VAD ends each question and its voice
// answers (audio, both transcriptions) while the client keeps streaming silence. The same frames
// go to every path at once (row 11: straight to the upstream and through the recorder), the order
// alternating chunk by chunk so neither path always goes second. A path's setup carries its name
// in the system instruction: that is how the in-process upstream's socket is told apart.

import WebSocket from 'ws';
import { frameText } from './frame-clock.js';
import { pollUntil } from './poll.js';

const CHUNK_MS = 20;
const CYCLE_MS = 6000;
const RATE = 16_000;
export const CONVERSATION_CYCLE_S = CYCLE_MS / 1000;
const PATH = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent';

export interface ConversationPath {
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey: string;
}

export interface PathOutcome {
  readonly ws: WebSocket;
  readonly turns: number;
  readonly closeCode: number;
}

/** The setup a path sends (the replay client must send the recorded one: same name, same JSON). */
export const conversationSetup = (name: string): string =>
  JSON.stringify({
    setup: {
      model: 'models/gemini-3.1-flash-live-preview',
      generationConfig: { responseModalities: ['AUDIO'] },
      systemInstruction: { parts: [{ text: `bench path: ${name}` }] },
      realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: 500 } },
      inputAudioTranscription: {},
      outputAudioTranscription: {},
    },
  });

/** One cycle's audio frames: the question, then silence up to 6 s. */
function cycleFrames(question: Buffer): string[] {
  const pcm = Buffer.concat([question, Buffer.alloc(Math.max(0, (CYCLE_MS * RATE * 2) / 1000 - question.length))]);
  const step = (RATE * 2 * CHUNK_MS) / 1000;
  const frames: string[] = [];
  for (let at = 0; at < pcm.length; at += step) {
    frames.push(
      JSON.stringify({
        realtimeInput: {
          audio: { data: pcm.subarray(at, at + step).toString('base64'), mimeType: 'audio/pcm;rate=16000' },
        },
      }),
    );
  }
  return frames;
}

function open(path: ConversationPath, onTurn: () => void, onSocket: (ws: WebSocket) => void): Promise<WebSocket> {
  const ws = new WebSocket(path.baseUrl.replace(/^http/, 'ws') + PATH, {
    headers: { 'x-goog-api-key': path.apiKey },
    perMessageDeflate: false,
  });
  onSocket(ws);
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.once('open', () => ws.send(conversationSetup(path.name)));
    ws.on('message', (data) => {
      const text = frameText(data);
      if (text.includes('"setupComplete"')) resolve(ws);
      if (text.includes('"turnComplete"')) onTurn();
    });
    ws.once('close', (code) => reject(new Error(`bench: ${path.name} closed ${code} before setupComplete`)));
  });
}

/**
 * Runs `cycles` questions on every path; resolves once each answered them all (or 6 s after the
 * audio) and closed. `onSocket` learns each client socket as it is created (before any frame).
 */
export async function converse(
  paths: readonly ConversationPath[],
  question: Buffer,
  cycles: number,
  onSocket: (ws: WebSocket) => void = () => undefined,
): Promise<PathOutcome[]> {
  const turns = paths.map(() => 0);
  const sockets = await Promise.all(paths.map((path, i) => open(path, () => (turns[i]! += 1), onSocket)));
  const closes = sockets.map((ws) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))));
  const frames = cycleFrames(question);
  const total = frames.length * cycles;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let n = 0;
    const tick = (): void => {
      const order = n % 2 === 0 ? sockets : [...sockets].reverse();
      for (const ws of order) if (ws.readyState === WebSocket.OPEN) ws.send(frames[n % frames.length]!);
      n += 1;
      if (n >= total) return resolve();
      setTimeout(tick, Math.max(0, start + (n + 1) * CHUNK_MS - performance.now()));
    };
    setTimeout(tick, Math.max(0, start + CHUNK_MS - performance.now()));
  });
  // The last answer is still streaming: let it finish (polling its count) before hanging up.
  await pollUntil(() => turns.every((t) => t >= cycles), CYCLE_MS);
  for (const ws of sockets) ws.close(1000);
  const codes = await Promise.all(closes);
  return sockets.map((ws, i) => ({ ws, turns: turns[i]!, closeCode: codes[i]! }));
}
