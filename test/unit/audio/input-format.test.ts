import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { formatInputFormat, parseInputFormat } from '../../../src/audio/pcm/input-format.js';

describe('parseInputFormat', () => {
  it.each([
    ['s16le:16000:1', 's16le', 16000, 1],
    ['s16le:24000', 's16le', 24000, 1],
    ['s16le', 's16le', 16000, 1],
    ['F32LE:48000:2', 'f32le', 48000, 2],
    ['s16:8000:1', 's16le', 8000, 1],
    ['u8:8000:1', 'u8', 8000, 1],
    ['s24be:96000:6', 's24be', 96000, 6],
    [' f64le:44100:2 ', 'f64le', 44100, 2],
  ])('%j', (spec, encoding, sampleRate, channels) => {
    const format = parseInputFormat(spec);
    expect(format).toEqual({ encoding, sampleRate, channels });
    expect(parseInputFormat(formatInputFormat(format))).toEqual(format);
  });

  it.each([
    ['', /invalid --input-format ""/],
    ['wav', /unknown encoding "wav"/],
    ['s16le:16k', /sample rate "16k" is not a whole number/],
    ['s16le:16000:0', /channel count 0 is outside 1–32/],
    ['s16le:100:1', /sample rate 100 is outside/],
    ['s16le:16000:1:x', /invalid --input-format/],
    ['s16le:-1', /not a whole number/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseInputFormat(spec)).toThrow(UsageError);
    expect(() => parseInputFormat(spec)).toThrow(message);
  });
});
