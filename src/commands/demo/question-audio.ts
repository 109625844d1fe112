// The demo's "question": a deterministic, speech-like signal (no recording, no TTS engine needed), so
// `npm run demo` behaves the same on every machine. A gliding 110–160 Hz voice with decaying
// harmonics, shaped into four syllables, between short silences: loud enough for any energy VAD,
// quiet enough not to clip.

import { encodeWav } from '../../audio/pcm/wav.js';

export const QUESTION_RATE = 16_000;

const LEAD_SILENCE_S = 0.25;
const SYLLABLES = [0.28, 0.22, 0.34, 0.3] as const;
const GAP_S = 0.06;
const TAIL_SILENCE_S = 0.4;
const PEAK = 0.3 * 32767;

/** s16le mono PCM at 16 kHz; the same bytes every time. */
export function questionPcm(): Buffer {
  const voiced = SYLLABLES.reduce((sum, s) => sum + s + GAP_S, 0);
  const total = Math.round((LEAD_SILENCE_S + voiced + TAIL_SILENCE_S) * QUESTION_RATE);
  const pcm = Buffer.alloc(total * 2);
  let phase = 0;
  let start = LEAD_SILENCE_S;
  for (const [index, length] of SYLLABLES.entries()) {
    const first = Math.round(start * QUESTION_RATE);
    const count = Math.round(length * QUESTION_RATE);
    for (let i = 0; i < count; i++) {
      const t = i / count;
      // Pitch rises then falls within a syllable, a little lower for each: a statement's contour.
      const f0 = 160 - index * 12 - 30 * Math.abs(t - 0.4);
      phase += (2 * Math.PI * f0) / QUESTION_RATE;
      let sample = 0;
      for (let h = 1; h <= 6; h++) sample += Math.sin(h * phase) / h;
      const envelope = Math.sin(Math.PI * t) ** 0.6;
      pcm.writeInt16LE(Math.round((PEAK / 1.6) * envelope * sample), (first + i) * 2);
    }
    start += length + GAP_S;
  }
  return pcm;
}

export function questionWav(): Buffer {
  return encodeWav({ sampleRate: QUESTION_RATE, channels: 1 }, questionPcm());
}
