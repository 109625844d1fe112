import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseInputFormat } from '../../../src/audio/pcm/input-format.js';

const HINT =
  'use <encoding>[:<rate>[:<channels>]], e.g. s16le:16000:1; encodings: u8, s8, s16le, s16be, s24le, s24be, s32le, s32be, f32le, f32be, f64le, f64be';

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
    expect(parseInputFormat(spec)).toEqual({ encoding, sampleRate, channels });
  });

  it.each([
    ['', 'invalid --input-format ""'],
    ['wav', 'invalid --input-format "wav": unknown encoding "wav"'],
    ['s16le:16k', 'invalid --input-format "s16le:16k": sample rate "16k" is not a whole number'],
    ['s16le:16000:0', 'invalid --input-format "s16le:16000:0": channel count 0 is outside 1–32'],
    ['s16le:100:1', 'invalid --input-format "s16le:100:1": sample rate 100 is outside 1000–384000'],
    ['s16le:16000:1:x', 'invalid --input-format "s16le:16000:1:x"'],
    ['s16le:-1', 'invalid --input-format "s16le:-1": sample rate "-1" is not a whole number'],
  ])('rejects %j', (spec, message) => {
    const error = (() => {
      try {
        parseInputFormat(spec);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect([(error as UsageError).message, (error as UsageError).hint]).toEqual([message, HINT]);
  });
});
