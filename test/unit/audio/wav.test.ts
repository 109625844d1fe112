import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { decodeToMono } from '../../../src/audio/pcm/pcm.js';
import { encodeWav, encodeWavHeader, parseWav } from '../../../src/audio/pcm/wav.js';

// Builds WAV files independently of src/audio/wav.ts so the parser is checked against the spec.
function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function fmt(tag: number, channels: number, rate: number, bits: number, extensibleTag?: number): Buffer {
  const body = Buffer.alloc(extensibleTag === undefined ? 16 : 40);
  body.writeUInt16LE(tag, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE((rate * channels * bits) / 8, 8);
  body.writeUInt16LE((channels * bits) / 8, 12);
  body.writeUInt16LE(bits, 14);
  if (extensibleTag !== undefined) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(bits, 18);
    body.writeUInt16LE(extensibleTag, 24); // GUID data1 low word = format tag
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(body, 26);
  }
  return chunk('fmt ', body);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

// Half scale (0.5) and quarter negative (-0.25) in each encoding.
const samples: Record<string, Buffer> = {
  u8: Buffer.from([128 + 64, 128 - 32]),
  s16: Buffer.from([0x00, 0x40, 0x00, 0xe0]),
  s24: Buffer.from([0x00, 0x00, 0x40, 0x00, 0x00, 0xe0]),
  s32: Buffer.from([0, 0, 0, 0x40, 0, 0, 0, 0xe0]),
  f32: (() => {
    const b = Buffer.alloc(8);
    b.writeFloatLE(0.5, 0);
    b.writeFloatLE(-0.25, 4);
    return b;
  })(),
  f64: (() => {
    const b = Buffer.alloc(16);
    b.writeDoubleLE(0.5, 0);
    b.writeDoubleLE(-0.25, 8);
    return b;
  })(),
};

describe('parseWav: encodings', () => {
  it.each([
    ['8-bit PCM', fmt(1, 1, 8000, 8), samples.u8!, 'u8'],
    ['16-bit PCM', fmt(1, 1, 16000, 16), samples.s16!, 's16le'],
    ['24-bit PCM', fmt(1, 1, 48000, 24), samples.s24!, 's24le'],
    ['32-bit PCM', fmt(1, 1, 44100, 32), samples.s32!, 's32le'],
    ['32-bit float', fmt(3, 1, 22050, 32), samples.f32!, 'f32le'],
    ['64-bit float', fmt(3, 1, 22050, 64), samples.f64!, 'f64le'],
    ['EXTENSIBLE PCM 24-bit', fmt(0xfffe, 1, 48000, 24, 1), samples.s24!, 's24le'],
    ['EXTENSIBLE float', fmt(0xfffe, 1, 48000, 32, 3), samples.f32!, 'f32le'],
  ])('%s decodes to 0.5, -0.25', (_name, fmtChunk, data, encoding) => {
    const parsed = parseWav(riff(fmtChunk, chunk('data', data)));
    expect(parsed.format.encoding).toBe(encoding);
    expect(Array.from(decodeToMono(parsed.format, parsed.data))).toEqual([0.5, -0.25]);
  });

  it('skips unknown chunks (LIST, odd-sized padding) before and after fmt', () => {
    const parsed = parseWav(
      riff(
        chunk('LIST', Buffer.from('abc')),
        fmt(1, 2, 16000, 16),
        chunk('fact', Buffer.alloc(4)),
        chunk('data', Buffer.alloc(8, 1)),
      ),
    );
    expect(parsed.format).toEqual({ encoding: 's16le', sampleRate: 16000, channels: 2 });
    expect(parsed.data).toEqual(Buffer.alloc(8, 1));
  });

  it.each([
    ['zero (streamed)', 0],
    ['0xFFFFFFFF (streamed)', 0xffffffff],
    ['0x7FFFFFFF-ish (arecord to a pipe)', 0x80000000],
  ])('takes the rest of the file when the data size is a placeholder: %s', (_n, size) => {
    const wav = riff(fmt(1, 1, 16000, 16), chunk('data', Buffer.alloc(0)));
    const withData = Buffer.concat([wav, Buffer.from([1, 2, 3, 4])]);
    withData.writeUInt32LE(size, withData.length - 8);
    expect(parseWav(withData).data).toEqual(Buffer.from([1, 2, 3, 4]));
  });
});

describe('parseWav: bad input is one clear UsageError', () => {
  const good = riff(fmt(1, 1, 16000, 16), chunk('data', Buffer.alloc(100)));
  it.each([
    ['empty', Buffer.alloc(0), /is empty/],
    ['not WAV', Buffer.from('ID3\x03 this is an mp3'), /not a WAV file \(no RIFF\/WAVE header\)/],
    ['RIFF but AVI', Buffer.from('RIFF\x00\x00\x00\x00AVI LIST'), /not a WAV file/],
    ['RF64', Buffer.from('RF64\xff\xff\xff\xffWAVE'), /RF64 is not supported/],
    [
      'truncated data',
      good.subarray(0, good.length - 10),
      /truncated: data chunk declares 100 bytes but 90 are present/,
    ],
    ['truncated in fmt', good.subarray(0, 30), /truncated inside its "fmt" chunk/],
    ['header only', good.subarray(0, 12), /truncated: no fmt chunk/],
    ['no data chunk', riff(fmt(1, 1, 16000, 16)), /truncated: no data chunk/],
    ['A-law', riff(fmt(6, 1, 8000, 8), chunk('data', Buffer.alloc(4))), /unsupported WAV encoding \(A-law\)/],
    [
      'IMA ADPCM',
      riff(fmt(0x11, 1, 8000, 4), chunk('data', Buffer.alloc(4))),
      /unsupported WAV encoding \(IMA ADPCM\)/,
    ],
    [
      '12-bit PCM',
      riff(fmt(1, 1, 8000, 12), chunk('data', Buffer.alloc(4))),
      /unsupported WAV encoding \(12-bit samples\)/,
    ],
    ['zero channels', riff(fmt(1, 0, 8000, 16), chunk('data', Buffer.alloc(4))), /declares 0 channels/],
    ['data before fmt', riff(chunk('data', Buffer.alloc(4)), fmt(1, 1, 8000, 16)), /data chunk before fmt/],
  ])('%s', (_name, input, message) => {
    let thrown: unknown;
    try {
      parseWav(input, 'in.wav');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).toContain('in.wav');
    expect((thrown as Error).message).not.toContain('\n');
  });
});

describe('encodeWav', () => {
  it.each([
    [24000, 1],
    [16000, 2],
    [44100, 1],
  ])('round-trips through parseWav at %i Hz × %i ch', (rate, channels) => {
    const pcm = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256));
    const parsed = parseWav(encodeWav({ sampleRate: rate, channels }, pcm));
    expect(parsed.format).toEqual({ encoding: 's16le', sampleRate: rate, channels });
    expect(parsed.data).toEqual(pcm);
  });

  it('writes the canonical 44-byte header with sizes', () => {
    const header = encodeWavHeader({ sampleRate: 24000, channels: 1 }, 4800);
    expect(header.length).toBe(44);
    expect(header.readUInt32LE(4)).toBe(36 + 4800);
    expect(header.readUInt32LE(28)).toBe(48000);
    expect(header.readUInt32LE(40)).toBe(4800);
  });
});
