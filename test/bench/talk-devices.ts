// Fake microphone and speaker for an in-process `gemtoken talk`: the mic delivers 20 ms chunks of
// 16 kHz PCM on a real-time schedule (sequence number in the first 4 samples, too quiet to count as
// speech), following a script of tone and silence; the speaker only timestamps what it is handed.

import { createHash } from 'node:crypto';
import type { AudioInput, AudioInputSink, AudioOutput } from '../../src/audio/ports.js';
import type { TalkLog } from './talk-log.js';

export const MIC_CHUNK_MS = 20;
const CHUNK_BYTES = (16_000 * 2 * MIC_CHUNK_MS) / 1000;

/** True when the mic should "speak" during the chunk starting at audio time `ms`. */
export type MicScript = (ms: number) => boolean;

export class ScriptedMic implements AudioInput {
  readonly label = 'bench:mic';
  readonly hash = createHash('sha256');
  bytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly log: TalkLog,
    private readonly script: MicScript,
    private readonly durationMs: number,
  ) {}

  async start(sink: AudioInputSink): Promise<void> {
    const start = performance.now();
    const total = Math.floor(this.durationMs / MIC_CHUNK_MS);
    let seq = 0;
    const tick = (): void => {
      if (this.#stopped) return;
      // Everything captured by now is delivered (an OS audio callback catching up does the same).
      while (seq < total && performance.now() >= start + (seq + 1) * MIC_CHUNK_MS) {
        const pcm = chunk(seq, this.script(seq * MIC_CHUNK_MS));
        this.hash.update(pcm);
        this.bytes += pcm.length;
        this.log.push({ kind: 'read', t: performance.now(), seq, bytes: pcm.length });
        sink.chunk(pcm);
        seq += 1;
      }
      if (seq >= total) return;
      this.#timer = setTimeout(tick, Math.max(0, start + (seq + 1) * MIC_CHUNK_MS - performance.now()));
    };
    this.#timer = setTimeout(tick, MIC_CHUNK_MS);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }
}

function chunk(seq: number, speaking: boolean): Buffer {
  const pcm = Buffer.alloc(CHUNK_BYTES);
  const samples = CHUNK_BYTES / 2;
  if (speaking) {
    for (let i = 4; i < samples; i++)
      pcm.writeInt16LE(Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 440 * (seq * samples + i)) / 16_000)), i * 2);
  }
  for (let b = 0; b < 4; b++) pcm.writeInt16LE((seq >>> (8 * b)) & 0xff, b * 2);
  return pcm;
}

/** The sequence number a chunk (or a frame that starts with one) carries. */
export function chunkSeq(pcm: Buffer): number {
  let seq = 0;
  for (let b = 0; b < 4; b++) seq += pcm.readInt16LE(b * 2) * 2 ** (8 * b);
  return seq;
}

export class TimedSpeaker implements AudioOutput {
  readonly label = 'bench:speaker';
  audioBytes = 0;
  constructor(private readonly log: TalkLog) {}
  async open(): Promise<void> {}
  write(pcm: Buffer): void {
    const t = performance.now();
    const silent = !pcm.some((b) => b !== 0);
    if (!silent) this.audioBytes += pcm.length;
    this.log.push({ kind: 'write', t, bytes: pcm.length, silent });
  }
  async close(): Promise<void> {}
}
