// The demo's generated question: the same bytes every run, no clipping, silence around it, and
// heard as one utterance by the emulator's VAD even at its least sensitive setting.
import { describe, expect, it } from 'vitest';
import { parseWav } from '../../../src/audio/pcm/wav.js';
import { QUESTION_RATE, questionPcm, questionWav } from '../../../src/commands/demo/question-audio.js';
import { EnergyVad, VAD_THRESHOLD, type VadEvent } from '../../../src/emulator/live/vad.js';

const samples = (pcm: Buffer, fromS: number, toS: number): number[] => {
  const out: number[] = [];
  for (let i = Math.round(fromS * QUESTION_RATE); i < Math.round(toS * QUESTION_RATE); i++)
    out.push(pcm.readInt16LE(i * 2));
  return out;
};

describe('questionPcm', () => {
  const pcm = questionPcm();

  it('is deterministic, about 2 s, and a valid 16 kHz mono WAV', () => {
    expect(questionPcm().equals(pcm)).toBe(true);
    expect(pcm.length / 2 / QUESTION_RATE).toBeCloseTo(2.03, 2);
    const wav = parseWav(questionWav());
    expect(wav.format).toEqual({ encoding: 's16le', sampleRate: 16_000, channels: 1 });
    expect(wav.data.equals(pcm)).toBe(true);
  });

  it('starts and ends in silence and never clips', () => {
    expect(samples(pcm, 0, 0.25).every((s) => s === 0)).toBe(true);
    expect(samples(pcm, 1.58, 2.03).every((s) => s === 0)).toBe(true);
    const peak = Math.max(...samples(pcm, 0, 2.03).map(Math.abs));
    expect(peak).toBeGreaterThan(4_000);
    expect(peak).toBeLessThan(32_000);
  });

  it.each([
    ['high', VAD_THRESHOLD.high],
    ['low', VAD_THRESHOLD.low],
  ] as const)('is one utterance of ~1.3 s to the emulator VAD (%s sensitivity)', (_name, threshold) => {
    const vad = new EnergyVad({ sampleRate: QUESTION_RATE, silenceMs: 500, threshold });
    const events: VadEvent[] = [...vad.push(pcm)];
    const end = vad.flush();
    if (end) events.push(end);
    expect(events.map((e) => e.type)).toEqual(['speechStart', 'turnEnd']);
    const speechMs = (events[1] as { speechMs: number }).speechMs;
    expect(speechMs).toBeGreaterThan(1_000);
    expect(speechMs).toBeLessThan(1_500);
  });
});
