// `--input-format <encoding>[:<rate>[:<channels>]]` for raw PCM on --input, e.g. `s16le:16000:1`,
// `f32le:48000:2`, `s16le:24000` (mono). Raw audio has no header, so a wrong rate plays as chipmunks
// (a common complaint about Live clients): the rate defaults to 16000 only because that is what the Live API wants.

import { UsageError } from '../../errors.js';
import { didYouMean } from '../../suggest.js';
import { SampleEncoding, type PcmFormat } from './pcm.js';

const ALIASES: Record<string, SampleEncoding> = {
  s16: 's16le',
  s24: 's24le',
  s32: 's32le',
  f32: 'f32le',
  f64: 'f64le',
};
const HINT =
  'use <encoding>[:<rate>[:<channels>]], e.g. s16le:16000:1; encodings: ' + Object.keys(SampleEncoding).join(', ');

export const DEFAULT_INPUT_FORMAT: PcmFormat = { encoding: 's16le', sampleRate: 16_000, channels: 1 };

function parseInteger(text: string, what: string, min: number, max: number, spec: string): number {
  if (!/^\d+$/.test(text))
    throw new UsageError(`invalid --input-format "${spec}": ${what} "${text}" is not a whole number`, HINT);
  const value = Number(text);
  if (value < min || value > max)
    throw new UsageError(`invalid --input-format "${spec}": ${what} ${value} is outside ${min}–${max}`, HINT);
  return value;
}

export function parseInputFormat(spec: string): PcmFormat {
  const parts = spec.trim().toLowerCase().split(':');
  if (parts.length > 3 || parts[0] === '') throw new UsageError(`invalid --input-format "${spec}"`, HINT);
  const [encodingText = '', rateText, channelsText] = parts;
  const encoding = (Object.hasOwn(SampleEncoding, encodingText) ? encodingText : ALIASES[encodingText]) as
    SampleEncoding | undefined;
  if (!encoding)
    throw new UsageError(
      `invalid --input-format "${spec}": unknown encoding "${encodingText}"`,
      didYouMean(encodingText, Object.keys(SampleEncoding)) ?? HINT,
    );
  const sampleRate =
    rateText === undefined
      ? DEFAULT_INPUT_FORMAT.sampleRate
      : parseInteger(rateText, 'sample rate', 1000, 384_000, spec);
  const channels = channelsText === undefined ? 1 : parseInteger(channelsText, 'channel count', 1, 32, spec);
  return { encoding, sampleRate, channels };
}
