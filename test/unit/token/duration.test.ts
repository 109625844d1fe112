import { describe, expect, it } from 'vitest';
import { formatHumanDuration, parseHumanDuration, requirePositiveDuration } from '../../../src/token/duration.js';
import { UsageError } from '../../../src/errors.js';

describe('parseHumanDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h30m', 5_400_000],
    ['2h', 7_200_000],
    ['45', 45_000],
    ['0', 0],
    ['1h2m3s', 3_723_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['2s500ms', 2_500],
    [' 10m ', 600_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseHumanDuration(text)).toBe(ms);
  });

  it.each(['', '5x', '-5m', '1.5h', '30m1h', 'h', 'm', '1h1h', '10 m', 'abc', '1e3', '99999999999999999999'])(
    '%j is not a duration',
    (text) => {
      expect(parseHumanDuration(text)).toBeUndefined();
    },
  );
});

describe('requirePositiveDuration', () => {
  it('names the flag for a bad or zero duration', () => {
    expect(() => requirePositiveDuration('--ttl', '5x')).toThrow(UsageError);
    expect(() => requirePositiveDuration('--ttl', '5x')).toThrow(/--ttl '5x' is not a duration/);
    expect(() => requirePositiveDuration('--ttl', '0')).toThrow(/--ttl must be greater than 0/);
    expect(requirePositiveDuration('--timeout', '2s')).toBe(2_000);
  });
});

describe('formatHumanDuration', () => {
  it.each([
    [5_400_000, '1h30m'],
    [90_000, '1m30s'],
    [0, '0s'],
    [250, '250ms'],
    [72_000_000, '20h'],
  ])('%d → %s', (ms, text) => {
    expect(formatHumanDuration(ms)).toBe(text);
  });
});
