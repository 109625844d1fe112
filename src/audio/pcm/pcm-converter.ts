// Streaming conversion of any PCM layout to the s16le mono stream at a target rate. Chunks may
// split frames anywhere; the partial frame and the resampler's phase carry over between calls.

import { decodeToMono, floatToS16le, frameSize, type PcmFormat } from './pcm.js';

export class PcmConverter {
  private readonly resampler: LinearResampler;
  private readonly stride: number;
  private carry: Buffer = Buffer.alloc(0);
  /** Already s16le mono at the target rate: hand bytes through untouched (bit-exact, no work). */
  private readonly passthrough: boolean;

  constructor(
    readonly from: PcmFormat,
    readonly toRate: number,
  ) {
    this.resampler = new LinearResampler(from.sampleRate, toRate);
    this.stride = frameSize(from);
    this.passthrough = from.encoding === 's16le' && from.channels === 1 && from.sampleRate === toRate;
  }

  private alignedPassthrough(bytes: Buffer): Buffer {
    const data = this.carry.length === 0 ? bytes : Buffer.concat([this.carry, bytes]);
    const whole = data.length - (data.length % 2);
    this.carry = Buffer.from(data.subarray(whole));
    return data.subarray(0, whole);
  }

  /** Converts what it can; returns s16le mono at `toRate` (possibly empty). */
  push(bytes: Buffer): Buffer {
    if (this.passthrough) return this.alignedPassthrough(bytes);
    const data = this.carry.length === 0 ? bytes : Buffer.concat([this.carry, bytes]);
    const whole = data.length - (data.length % this.stride);
    this.carry = Buffer.from(data.subarray(whole));
    if (whole === 0) return Buffer.alloc(0);
    const mono = decodeToMono(this.from, data.subarray(0, whole));
    return floatToS16le(this.resampler.process(mono));
  }
}

// Linear-interpolation resampler. Good enough for speech going to a 16 kHz recogniser (C4: the
// failure users hit is a wrong declared rate, not interpolation quality). No low-pass filter, so
// content above the target Nyquist aliases; speech energy there is small.
/** Stateful so that feeding a signal in pieces gives exactly the output of feeding it whole. */
export class LinearResampler {
  private readonly step: number;
  /** Position of the next output sample, in input samples relative to the current chunk's start. */
  private position = 0;
  private previous: number | undefined;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`invalid resample rates ${fromRate} → ${toRate}`);
    this.step = fromRate / toRate;
  }

  process(input: Float32Array): Float32Array {
    if (this.fromRate === this.toRate) return input;
    const n = input.length;
    if (n === 0) return input;
    const out = new Float32Array(Math.max(0, Math.ceil((n - this.position) / this.step) + 1));
    let count = 0;
    for (;;) {
      const index = Math.floor(this.position);
      if (index + 1 >= n) break;
      const frac = this.position - index;
      const a = index < 0 ? (this.previous ?? input[0]!) : input[index]!;
      const b = input[index + 1]!;
      out[count++] = a + (b - a) * frac;
      this.position += this.step;
    }
    this.position -= n;
    this.previous = input[n - 1];
    return out.subarray(0, count);
  }
}
