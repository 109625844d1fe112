// The level of a capture frame: RMS and peak of s16le samples, plus dBFS. `talk` shows the dBFS on
// its status-line meter (terminal/status-line.ts draws it) and `doctor` reads the peak to tell a
// live microphone from a silent one. Measuring lives here; how a level is drawn lives in terminal/.

export interface Level {
  /** Root mean square, 0..1 of full scale. */
  readonly rms: number;
  /** Largest absolute sample, 0..1 of full scale. */
  readonly peak: number;
  /** RMS in dB relative to full scale; -Infinity for digital silence. */
  readonly dbfs: number;
}

export function measureLevel(pcm: Buffer): Level {
  const samples = Math.floor(pcm.length / 2);
  if (samples === 0) return { rms: 0, peak: 0, dbfs: -Infinity };
  let sumSquares = 0;
  let peak = 0;
  for (let i = 0; i < samples; i++) {
    const value = pcm.readInt16LE(i * 2) / 32768;
    sumSquares += value * value;
    peak = Math.max(peak, Math.abs(value));
  }
  const rms = Math.sqrt(sumSquares / samples);
  return { rms, peak, dbfs: rms === 0 ? -Infinity : 20 * Math.log10(rms) };
}
