// Pure PCM maths: decode any integer/float sample layout to floats, downmix, convert to s16le.
// Everything the session sends is s16le mono 16 kHz and everything it plays is s16le mono 24 kHz
// (the Live API's audio formats: https://ai.google.dev/gemini-api/docs/live-guide); these helpers get arbitrary
// input there.

export const SampleEncoding = {
  u8: 'u8',
  s8: 's8',
  s16le: 's16le',
  s16be: 's16be',
  s24le: 's24le',
  s24be: 's24be',
  s32le: 's32le',
  s32be: 's32be',
  f32le: 'f32le',
  f32be: 'f32be',
  f64le: 'f64le',
  f64be: 'f64be',
} as const;
export type SampleEncoding = (typeof SampleEncoding)[keyof typeof SampleEncoding];

export interface PcmFormat {
  readonly encoding: SampleEncoding;
  readonly sampleRate: number;
  readonly channels: number;
}

export function bytesPerSample(encoding: SampleEncoding): number {
  const bits = Number(/\d+/.exec(encoding)?.[0]);
  return bits / 8;
}

export function frameSize(format: PcmFormat): number {
  return bytesPerSample(format.encoding) * format.channels;
}

type Reader = (data: Buffer, offset: number) => number;

const readers: Record<SampleEncoding, Reader> = {
  u8: (d, o) => (d.readUInt8(o) - 128) / 128,
  s8: (d, o) => d.readInt8(o) / 128,
  s16le: (d, o) => d.readInt16LE(o) / 32768,
  s16be: (d, o) => d.readInt16BE(o) / 32768,
  s24le: (d, o) => d.readIntLE(o, 3) / 8388608,
  s24be: (d, o) => d.readIntBE(o, 3) / 8388608,
  s32le: (d, o) => d.readInt32LE(o) / 2147483648,
  s32be: (d, o) => d.readInt32BE(o) / 2147483648,
  f32le: (d, o) => d.readFloatLE(o),
  f32be: (d, o) => d.readFloatBE(o),
  f64le: (d, o) => d.readDoubleLE(o),
  f64be: (d, o) => d.readDoubleBE(o),
};

/**
 * Decodes whole frames of `data` and averages the channels into one float signal in [-1, 1].
 * A trailing partial frame is ignored; streaming callers keep it for the next call.
 */
export function decodeToMono(format: PcmFormat, data: Buffer): Float32Array {
  const read = readers[format.encoding];
  const width = bytesPerSample(format.encoding);
  const stride = width * format.channels;
  const frames = Math.floor(data.length / stride);
  const out = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    const base = frame * stride;
    for (let channel = 0; channel < format.channels; channel++) sum += read(data, base + channel * width);
    out[frame] = sum / format.channels;
  }
  return out;
}

/** Floats in [-1, 1] → s16le, clipped (float WAVs may exceed full scale). */
export function floatToS16le(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.round((samples[i] ?? 0) * 32768);
    out.writeInt16LE(Math.max(-32768, Math.min(32767, value)), i * 2);
  }
  return out;
}

/** Duration in milliseconds of `bytes` of s16le mono audio at `sampleRate`. */
export function pcmDurationMs(bytes: number, sampleRate: number): number {
  return (bytes / 2 / sampleRate) * 1000;
}

/** Byte count of `ms` of s16le mono audio, rounded down to whole samples. */
export function pcmBytesFor(ms: number, sampleRate: number): number {
  return Math.max(0, Math.floor((ms * sampleRate) / 1000)) * 2;
}
