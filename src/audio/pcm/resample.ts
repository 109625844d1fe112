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
