import { describe, expect, it } from 'vitest';
import { EnergyVad, VAD_THRESHOLD, type VadEvent } from '../../../src/emulator/live/vad.js';
import {
  CHUNK_BYTES,
  describeSpeech,
  fragments,
  replyToSpeech,
  replyToText,
  toneChunk,
  toneStep,
} from '../../../src/emulator/live/voice.js';
import { silence16k, tone16k } from '../../helpers/live-client.js';

function run(chunks: Buffer[], silenceMs = 500, chunkBytes = 640): VadEvent[] {
  const vad = new EnergyVad({ sampleRate: 16_000, silenceMs, threshold: VAD_THRESHOLD.high });
  const all = Buffer.concat(chunks);
  const events: VadEvent[] = [];
  for (let i = 0; i < all.length; i += chunkBytes) events.push(...vad.push(all.subarray(i, i + chunkBytes)));
  return events;
}

describe('EnergyVad', () => {
  it('speech then enough silence ends one turn, timed in audio samples', () => {
    expect(run([silence16k(300), tone16k(1200), silence16k(600)])).toEqual([
      { type: 'speechStart' },
      { type: 'turnEnd', speechMs: 1200 },
    ]);
  });
  it('silence shorter than silenceDurationMs does not end the turn', () => {
    expect(run([tone16k(500), silence16k(400)])).toEqual([{ type: 'speechStart' }]);
  });
  it('a short pause inside speech stays one turn', () => {
    expect(run([tone16k(400), silence16k(200), tone16k(400), silence16k(500)])).toEqual([
      { type: 'speechStart' },
      { type: 'turnEnd', speechMs: 1000 },
    ]);
  });
  it('respects a custom silenceDurationMs', () => {
    expect(run([tone16k(400), silence16k(600)], 1000)).toEqual([{ type: 'speechStart' }]);
    expect(run([tone16k(400), silence16k(1000)], 1000)).toHaveLength(2);
  });
  it('ignores clicks shorter than the onset and quiet noise', () => {
    expect(run([tone16k(20), silence16k(600), tone16k(1000, 440, 0.005), silence16k(600)])).toEqual([]);
  });
  it('handles odd chunk sizes (a sample split across chunks) identically', () => {
    expect(run([tone16k(600), silence16k(600)], 500, 333)).toEqual(run([tone16k(600), silence16k(600)]));
  });
  it('flush ends an open turn (audioStreamEnd)', () => {
    const vad = new EnergyVad({ sampleRate: 16_000, silenceMs: 500, threshold: VAD_THRESHOLD.high });
    vad.push(tone16k(700));
    expect(vad.flush()).toEqual({ type: 'turnEnd', speechMs: 700 });
    expect(vad.flush()).toBeUndefined();
  });
});

describe('voice', () => {
  it('replies deterministically', () => {
    expect(replyToSpeech(3, 1234)).toBe('Turn 3. I heard 1.2 seconds of speech.');
    expect(replyToText(1, '  hello   there ')).toBe('Turn 1. You said: hello there');
    expect(describeSpeech(800)).toBe('(0.8 s of speech)');
    expect(fragments('Turn 1. You said: hi')).toEqual(['Turn', ' 1.', ' You', ' said:', ' hi']);
  });
  it('tone chunks are 40 ms of loud 24 kHz PCM made of whole cycles', () => {
    const pcm = Buffer.from(toneChunk(toneStep('hello')), 'base64');
    expect(pcm.length).toBe(CHUNK_BYTES);
    let peak = 0;
    for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
    expect(peak).toBe(9830); // 0.3 of full scale
    // Whole cycles: the chunk starts and ends at phase 0, so repeating it has no seam.
    expect(Math.abs(pcm.readInt16LE(0))).toBe(0);
    expect(toneStep('hello')).toBe(30); // 750 Hz, from a stable hash of the letters
  });
});
