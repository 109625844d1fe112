// Streaming conversion of any PCM layout to the s16le mono stream at a target rate. Chunks may
// split frames anywhere; the partial frame and the resampler's phase carry over between calls.

import { decodeToMono, floatToS16le, frameSize, type PcmFormat } from './pcm.js';
import { LinearResampler } from './resample.js';

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
