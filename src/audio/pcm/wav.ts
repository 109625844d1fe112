// RIFF/WAVE parsing and encoding. Parsing is strict about what it cannot play (compressed
// formats, truncation) and lenient about what streaming writers do: `arecord`/`sox` writing to a
// pipe cannot seek back, so they leave a placeholder data size (0 or ~0xFFFFFFFF) — take the rest.

import { UsageError } from '../../errors.js';
import type { PcmFormat, SampleEncoding } from './pcm.js';

export interface ParsedWav {
  readonly format: PcmFormat;
  /** The sample bytes of the `data` chunk (a view into the input). */
  readonly data: Buffer;
}

const WAVE_FORMAT = { pcm: 1, float: 3, extensible: 0xfffe } as const;
const KNOWN_COMPRESSED: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  7: 'mu-law',
  0x11: 'IMA ADPCM',
  0x55: 'MP3',
};
const CONVERT_HINT = 'convert it to PCM first, e.g. `sox in.wav -e signed-integer -b 16 out.wav`';
const RAW_HINT = 'for raw PCM pass --input-format, e.g. --input-format s16le:16000:1';

function encodingFor(formatTag: number, bits: number): SampleEncoding | undefined {
  if (formatTag === WAVE_FORMAT.pcm) return ({ 8: 'u8', 16: 's16le', 24: 's24le', 32: 's32le' } as const)[bits];
  if (formatTag === WAVE_FORMAT.float) return ({ 32: 'f32le', 64: 'f64le' } as const)[bits];
  return undefined;
}

function parseFmt(body: Buffer, label: string): PcmFormat {
  if (body.length < 16) throw new UsageError(`${label} is truncated: fmt chunk has ${body.length} bytes`);
  let tag = body.readUInt16LE(0);
  const channels = body.readUInt16LE(2);
  const sampleRate = body.readUInt32LE(4);
  const bits = body.readUInt16LE(14);
  if (tag === WAVE_FORMAT.extensible) {
    if (body.length < 40) throw new UsageError(`${label} is truncated: WAVE_FORMAT_EXTENSIBLE fmt chunk too short`);
    // The sub-format GUID starts with the plain format tag (KSDATAFORMAT_SUBTYPE_PCM/IEEE_FLOAT).
    tag = body.readUInt16LE(24);
  }
  const encoding = encodingFor(tag, bits);
  if (!encoding) {
    const name = KNOWN_COMPRESSED[tag] ?? `format tag ${tag}`;
    const what = tag === WAVE_FORMAT.pcm || tag === WAVE_FORMAT.float ? `${bits}-bit samples` : name;
    throw new UsageError(`${label} uses an unsupported WAV encoding (${what})`, CONVERT_HINT);
  }
  if (channels < 1) throw new UsageError(`${label} declares ${channels} channels`);
  if (sampleRate < 1000 || sampleRate > 384_000)
    throw new UsageError(`${label} declares an unusable sample rate ${sampleRate} Hz`);
  return { encoding, sampleRate, channels };
}

function isPlaceholderSize(size: number): boolean {
  return size === 0 || size >= 0x7fff_f000;
}

export interface WavHeader {
  readonly format: PcmFormat;
  /** Offset of the first sample byte. */
  readonly dataStart: number;
  /** The data chunk's declared size; undefined for a streaming writer's placeholder ("to the end"). */
  readonly dataBytes: number | undefined;
}

/**
 * Finds the fmt and data chunks in the first bytes of a WAV stream. `complete`: `input` is the whole
 * stream, so anything missing is an error; otherwise undefined means "need more bytes". Only the
 * header is looked at, so a stream can be checked before its audio is read (`/dev/zero` fails at
 * once).
 */
export function scanWavHeader(input: Buffer, label: string, complete: boolean): WavHeader | undefined {
  if (input.length === 0 && complete) throw new UsageError(`${label} is empty`, RAW_HINT);
  if (input.length < 12 && !complete) return undefined;
  if (input.length < 12 || input.toString('latin1', 0, 4) !== 'RIFF' || input.toString('latin1', 8, 12) !== 'WAVE') {
    const rf64 = input.toString('latin1', 0, 4) === 'RF64';
    throw new UsageError(
      `${label} is not a WAV file (${rf64 ? 'RF64 is not supported' : 'no RIFF/WAVE header'})`,
      RAW_HINT,
    );
  }
  let format: PcmFormat | undefined;
  let offset = 12;
  while (offset + 8 <= input.length) {
    const id = input.toString('latin1', offset, offset + 4);
    const size = input.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'data') {
      if (!format) throw new UsageError(`${label} is not a valid WAV file: data chunk before fmt chunk`);
      return { format, dataStart: start, dataBytes: isPlaceholderSize(size) ? undefined : size };
    }
    if (start + size > input.length) {
      if (!complete) return undefined;
      throw new UsageError(`${label} is truncated inside its "${id.trim()}" chunk`);
    }
    if (id === 'fmt ') format = parseFmt(input.subarray(start, start + size), label);
    offset = start + size + (size % 2); // chunks are padded to even sizes
  }
  if (!complete) return undefined;
  throw new UsageError(format ? `${label} is truncated: no data chunk` : `${label} is truncated: no fmt chunk`);
}

/** A declared data size larger than what the stream holds (`available` bytes after the header). */
export function checkDataSize(header: WavHeader, available: number, label: string): void {
  if (header.dataBytes !== undefined && header.dataBytes > available) {
    throw new UsageError(
      `${label} is truncated: data chunk declares ${header.dataBytes} bytes but ${available} are present`,
    );
  }
}

export function parseWav(input: Buffer, label = 'input'): ParsedWav {
  const header = scanWavHeader(input, label, true)!;
  const available = input.length - header.dataStart;
  checkDataSize(header, available, label);
  const end = header.dataBytes === undefined ? input.length : header.dataStart + header.dataBytes;
  return { format: header.format, data: input.subarray(header.dataStart, end) };
}

export interface WavHeaderFormat {
  readonly sampleRate: number;
  readonly channels: number;
  /** 16 unless told otherwise; only integer PCM is written. */
  readonly bitsPerSample?: number;
}

/** The canonical 44-byte PCM header for `dataBytes` of samples. */
export function encodeWavHeader(format: WavHeaderFormat, dataBytes: number): Buffer {
  const bits = format.bitsPerSample ?? 16;
  const blockAlign = (bits / 8) * format.channels;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(Math.min(0xffff_ffff, 36 + dataBytes), 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(WAVE_FORMAT.pcm, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(Math.min(0xffff_ffff, dataBytes), 40);
  return header;
}

export function encodeWav(format: WavHeaderFormat, samples: Buffer): Buffer {
  return Buffer.concat([encodeWavHeader(format, samples.length), samples]);
}

/** Byte offsets of the two size fields a streaming writer patches when it closes. */
export const WAV_SIZE_OFFSETS = { riff: 4, data: 40 } as const;
