import { describe, expect, it } from 'vitest';
import { FrameChunker } from '../../../src/audio/pcm/chunker.js';
import { measureLevel } from '../../../src/audio/pcm/level.js';
import { PcmConverter } from '../../../src/audio/pcm/pcm-converter.js';
import { FRAME_BYTES, FRAME_MS } from '../../../src/audio/ports.js';
import { decodeToMono, floatToS16le, pcmBytesFor, pcmDurationMs } from '../../../src/audio/pcm/pcm.js';
import { LinearResampler } from '../../../src/audio/pcm/pcm-converter.js';

function sine(freq: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate),
  );
}

/** Frequency from rising zero crossings, interpolated between samples. */
function estimateFrequency(signal: Float32Array, rate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < signal.length; i++) {
    const a = signal[i - 1]!;
    const b = signal[i]!;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  return ((crossings.length - 1) * rate) / (crossings.at(-1)! - crossings[0]!);
}

const resample = (input: Float32Array, from: number, to: number) => new LinearResampler(from, to).process(input);

describe('LinearResampler', () => {
  it.each([
    [44100, 16000, 1000, 16000],
    [48000, 16000, 440, 16000],
    [8000, 16000, 300, 15998],
    [22050, 16000, 2500, 16000],
    [16000, 24000, 1000, 23999],
  ])('%i Hz → %i Hz keeps a %i Hz sine at its frequency and length (%i samples)', (from, to, freq, samples) => {
    const out = resample(sine(freq, from, 1), from, to);
    expect(out.length).toBe(samples); // 1 s, less the positions past the last input pair (they wait for the next chunk)
    expect(estimateFrequency(out, to)).toBeCloseTo(freq, 0);
    const peak = out.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.45);
    expect(peak).toBeLessThanOrEqual(0.5);
  });

  it('gives the same output when fed in arbitrary pieces (stream-safe)', () => {
    const input = sine(700, 44100, 0.3);
    const whole = resample(input, 44100, 16000);
    const resampler = new LinearResampler(44100, 16000);
    const pieces: number[] = [];
    for (let at = 0, size = 1; at < input.length; at += size, size = ((size * 7) % 997) + 1) {
      pieces.push(...resampler.process(input.subarray(at, at + size)));
    }
    expect(pieces.length).toBe(whole.length);
    pieces.forEach((v, i) => expect(v).toBeCloseTo(whole[i]!, 6));
  });

  it('passes the signal through when the rates match', () => {
    const input = sine(100, 16000, 0.01);
    expect(resample(input, 16000, 16000)).toBe(input);
  });
});

describe('decodeToMono / floatToS16le', () => {
  it('averages channels', () => {
    const stereo = Buffer.alloc(8);
    stereo.writeInt16LE(16384, 0);
    stereo.writeInt16LE(0, 2);
    stereo.writeInt16LE(-16384, 4);
    stereo.writeInt16LE(-16384, 6);
    expect(Array.from(decodeToMono({ encoding: 's16le', sampleRate: 8000, channels: 2 }, stereo))).toEqual([
      0.25, -0.5,
    ]);
  });

  it('ignores a trailing partial frame', () => {
    expect(decodeToMono({ encoding: 's16le', sampleRate: 8000, channels: 2 }, Buffer.alloc(7)).length).toBe(1);
  });

  it.each([
    [1.5, 32767],
    [-1.5, -32768],
    [0.5, 16384],
    [-1, -32768],
  ])('clips %f to %i', (value, expected) => {
    expect(floatToS16le(Float32Array.of(value)).readInt16LE(0)).toBe(expected);
  });

  it('converts durations and byte counts', () => {
    expect(pcmDurationMs(640, 16000)).toBe(20);
    expect(pcmBytesFor(20, 24000)).toBe(960);
    expect(pcmBytesFor(-5, 24000)).toBe(0);
  });
});

describe('PcmConverter', () => {
  it('is bit-exact for s16le mono at the target rate, even across odd splits', () => {
    const pcm = Buffer.from(Array.from({ length: 101 }, (_, i) => (i * 91) % 256));
    const converter = new PcmConverter({ encoding: 's16le', sampleRate: 16000, channels: 1 }, 16000);
    const out = Buffer.concat([converter.push(pcm.subarray(0, 33)), converter.push(pcm.subarray(33))]);
    expect(out).toEqual(pcm.subarray(0, 100));
  });

  it('converts 48 kHz stereo float fed in frame-splitting pieces like the whole buffer', () => {
    const mono = sine(440, 48000, 0.1);
    const stereo = Buffer.alloc(mono.length * 8);
    mono.forEach((v, i) => {
      stereo.writeFloatLE(v, i * 8);
      stereo.writeFloatLE(v, i * 8 + 4);
    });
    const format = { encoding: 'f32le', sampleRate: 48000, channels: 2 } as const;
    const whole = new PcmConverter(format, 16000).push(stereo);
    const converter = new PcmConverter(format, 16000);
    const parts: Buffer[] = [];
    for (let at = 0; at < stereo.length; at += 333) parts.push(converter.push(stereo.subarray(at, at + 333)));
    expect(Buffer.concat(parts)).toEqual(whole);
    expect(whole.length).toBe(1600 * 2); // 0.1 s at 16 kHz
  });
});

describe('FrameChunker', () => {
  it("cuts the port's 20 ms frames: 640 bytes of s16le mono at 16 kHz", () => {
    expect([FRAME_MS, FRAME_BYTES]).toEqual([20, 640]);
  });

  it.each([
    [[640], [640], 0],
    [[100, 600], [640], 60],
    [[2000], [640, 640, 640], 80],
    [[639, 1], [640], 0],
    [[10, 10, 10], [], 30],
    [[0], [], 0],
  ])('pushes %j → frames %j, keeps %i', (sizes, frames, kept) => {
    const chunker = new FrameChunker();
    const source = Buffer.from(Array.from({ length: sizes.reduce((a, b) => a + b, 0) }, (_, i) => i % 251));
    const out: Buffer[] = [];
    let at = 0;
    for (const size of sizes) out.push(...chunker.push(source.subarray(at, (at += size))));
    expect(out.map((f) => f.length)).toEqual(frames);
    const rest = chunker.flush();
    expect(rest.length).toBe(kept);
    expect(Buffer.concat([...out, rest])).toEqual(source);
    expect(chunker.flush().length).toBe(0);
  });

  it('keeps every byte in order across odd-sized pieces', () => {
    const chunker = new FrameChunker();
    const input = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 256));
    const out: Buffer[] = [];
    for (let i = 0; i < input.length; i += 333) out.push(...chunker.push(input.subarray(i, i + 333)));
    expect(out.map((f) => f.length)).toEqual(Array(15).fill(640));
    out.push(chunker.flush());
    expect(out.at(-1)!.length).toBe(400);
    expect(Buffer.concat(out)).toEqual(input);
  });
});

describe('measureLevel', () => {
  it.each([
    ['silence', floatToS16le(new Float32Array(320)), 0, 0, -Infinity],
    ['full-scale square', floatToS16le(Float32Array.from({ length: 320 }, (_, i) => (i % 2 ? 1 : -1))), 1, 1, 0],
    ['half-scale sine', floatToS16le(sine(1000, 16000, 0.02)), 0.3536, 0.5, -9.03],
  ])('%s', (_name, pcm, rms, peak, dbfs) => {
    const level = measureLevel(pcm);
    expect(level.rms).toBeCloseTo(rms, 2);
    expect(level.peak).toBeCloseTo(peak, 2);
    if (Number.isFinite(dbfs)) expect(level.dbfs).toBeCloseTo(dbfs, 1);
    else expect(level.dbfs).toBe(-Infinity);
  });

  it('handles an empty buffer', () => {
    expect(measureLevel(Buffer.alloc(0))).toEqual({ rms: 0, peak: 0, dbfs: -Infinity });
  });
});
