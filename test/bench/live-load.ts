// Row 7's Live load: N sessions, each streaming 16 kHz PCM in real time (one chunk every chunkMs,
// sent when its audio would have been captured), a cycle of 1 s of tone then 2.6 s of silence, so the
// emulator's VAD ends a user turn 500 ms into the silence and the model answers while the client
// keeps streaming silence.
//
// Frame delay of model audio chunk k of a turn = its arrival − (send time of the input chunk that
// completed the 500 ms end-of-speech window + k × 40 ms). A server that answered instantly and paced
// its 40 ms chunks perfectly would score 0; the figure includes the emulator's input handling and
// timer lateness, loopback, and the receiving client's own event-loop delay (reported apart).

import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { pollUntil } from './poll.js';

const RATE = 16_000;
const SPEECH_MS = 1000;
const SILENCE_MS = 500;
const CYCLE_MS = 3600; // a multiple of 20, 30 and 40 ms, so every chunk size tiles it
const MODEL_CHUNK_MS = 40;
const PATH = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent';

export interface LiveLoadOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly sessions: number;
  readonly durationMs: number;
  /** Chunk size of session i (20–40 ms). */
  readonly chunkMs: (session: number) => number;
}

interface Tally {
  readonly frameDelays: number[];
  readonly sendLateness: number[];
  turns: number;
  interrupted: number;
  readonly failures: string[];
}

export interface LiveLoadResult extends Readonly<Tally> {
  readonly clientLoopP99Ms: number;
}

/** The JSON frames of one cycle for a chunk size, built once and shared by every session. */
const cycles = new Map<number, { frames: string[]; triggerIndex: number }>();
function cycleFrames(chunkMs: number): { frames: string[]; triggerIndex: number } {
  const hit = cycles.get(chunkMs);
  if (hit) return hit;
  const samples = (RATE * CYCLE_MS) / 1000;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < (RATE * SPEECH_MS) / 1000; i++)
    pcm.writeInt16LE(Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 440 * i) / RATE)), i * 2);
  const step = (RATE * 2 * chunkMs) / 1000;
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
  // The VAD's 20 ms frame ending at SPEECH_MS + SILENCE_MS completes the turn.
  const triggerSample = (RATE * (SPEECH_MS + SILENCE_MS)) / 1000 - 1;
  const made = { frames, triggerIndex: Math.floor((triggerSample * 2) / step) };
  cycles.set(chunkMs, made);
  return made;
}

export async function runLiveLoad(options: LiveLoadOptions): Promise<LiveLoadResult> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const result: Tally = { frameDelays: [], sendLateness: [], turns: 0, interrupted: 0, failures: [] };
  const wsUrl = options.baseUrl.replace(/^http/, 'ws') + PATH;
  await Promise.all(
    Array.from({ length: options.sessions }, (_, i) =>
      runSession(wsUrl, options, i, result).catch((error: Error) => result.failures.push(error.message)),
    ),
  );
  loop.disable();
  return { ...result, clientLoopP99Ms: loop.percentile(99) / 1e6 };
}

async function runSession(wsUrl: string, options: LiveLoadOptions, index: number, out: Tally): Promise<void> {
  const chunkMs = options.chunkMs(index);
  const { frames, triggerIndex } = cycleFrames(chunkMs);
  const ws = new WebSocket(wsUrl, { headers: { 'x-goog-api-key': options.apiKey }, perMessageDeflate: false });
  const anchors: number[] = [];
  let turn = 0;
  let step = 0;
  let completedTurns = 0;
  const closed = new Promise<void>((resolve, reject) => {
    ws.on('close', (code) =>
      code === 1000 || code === 1005 ? resolve() : reject(new Error(`session ${index} closed ${code}`)),
    );
    ws.on('error', reject);
  });
  const ready = new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const arrival = performance.now();
      const message = JSON.parse(data.toString('utf8')) as {
        setupComplete?: unknown;
        serverContent?: {
          modelTurn?: { parts?: Array<{ inlineData?: unknown }> };
          interrupted?: boolean;
          turnComplete?: boolean;
        };
      };
      if (message.setupComplete) return resolve();
      const content = message.serverContent;
      if (!content) return;
      if (content.modelTurn?.parts?.some((p) => p.inlineData)) {
        const anchor = anchors[turn];
        if (anchor !== undefined) out.frameDelays.push(arrival - (anchor + step * MODEL_CHUNK_MS));
        step += 1;
      }
      if (content.interrupted) out.interrupted += 1;
      if (content.turnComplete) {
        turn += 1;
        step = 0;
        completedTurns += 1;
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify({
      setup: {
        model: 'models/gemini-3.1-flash-live-preview',
        generationConfig: { responseModalities: ['AUDIO'] },
        realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: SILENCE_MS } },
      },
    }),
  );
  await ready;
  // Stagger the sessions' phase so their turns do not all start on the same tick.
  const start = performance.now() + ((index * 37) % CYCLE_MS);
  const total = Math.floor(options.durationMs / CYCLE_MS) * frames.length;
  await new Promise<void>((resolve) => {
    let n = 0;
    const tick = (): void => {
      // Chunk n is sent when its last sample would have been captured.
      const now = performance.now();
      out.sendLateness.push(now - (start + (n + 1) * chunkMs));
      const within = n % frames.length;
      if (within === triggerIndex) anchors.push(now);
      ws.send(frames[within]!);
      n += 1;
      if (n >= total) return resolve();
      setTimeout(tick, Math.max(0, start + (n + 1) * chunkMs - performance.now()));
    };
    setTimeout(tick, Math.max(0, start + chunkMs - performance.now()));
  });
  // The last turn's answer is still streaming: let it finish before closing.
  await pollUntil(() => completedTurns >= anchors.length, CYCLE_MS);
  out.turns += completedTurns;
  if (completedTurns < anchors.length)
    out.failures.push(`session ${index}: ${completedTurns} of ${anchors.length} turns answered`);
  ws.close(1000);
  await closed;
}
