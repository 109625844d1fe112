// Mic level for the status line: RMS of a s16le frame in dBFS. Every 4th sample is enough for a
// meter and keeps this off the latency budget of the capture → socket path.

export const SILENCE_DB = -96;

export function levelDb(pcm: Buffer): number {
  const samples = pcm.length >> 1;
  if (samples === 0) return SILENCE_DB;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < samples; i += 4) {
    const s = pcm.readInt16LE(i * 2) / 32768;
    sum += s * s;
    count += 1;
  }
  const rms = Math.sqrt(sum / count);
  return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
}
