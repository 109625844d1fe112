import { describe, expect, it } from 'vitest';
import { resolveTimeWindow, type TimeWindowFlags } from '../../../src/token/time-window.js';

const NOW = Date.UTC(2026, 11, 1, 0, 0, 0);
const iso = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('resolveTimeWindow', () => {
  it.each<[string, TimeWindowFlags, number, number]>([
    ['defaults: 30m / 1m', {}, 30 * MIN, MIN],
    ['--ttl only', { ttl: '2h' }, 2 * HOUR, MIN],
    ['short --ttl clamps the default new-session deadline', { ttl: '30s' }, 30_000, 30_000],
    ['both ttls', { ttl: '1h30m', newSessionTtl: '90s' }, 90 * MIN, 90_000],
    ['new-session equal to expiry', { ttl: '10m', newSessionTtl: '10m' }, 10 * MIN, 10 * MIN],
    ['just under 20h', { ttl: '19h59m59s' }, 20 * HOUR - 1_000, MIN],
    ['--expire-at', { expireAt: iso(2 * HOUR) }, 2 * HOUR, MIN],
    ['--expire-at with offset', { expireAt: '2026-12-01T03:00:00+02:00' }, HOUR, MIN],
    ['--new-session-expire-at', { ttl: '1h', newSessionExpireAt: iso(5 * MIN) }, HOUR, 5 * MIN],
  ])('%s', (_name, flags, expireOffset, newSessionOffset) => {
    expect(resolveTimeWindow(flags, NOW)).toEqual({
      expireTime: iso(expireOffset),
      newSessionExpireTime: iso(newSessionOffset),
    });
  });

  it.each<[string, TimeWindowFlags, RegExp]>([
    ['zero ttl', { ttl: '0' }, /--ttl must be greater than 0/],
    ['negative ttl', { ttl: '-5m' }, /--ttl '-5m' is not a duration/],
    ['unknown unit', { ttl: '5x' }, /not a duration/],
    ['20h is too far', { ttl: '20h' }, /--ttl must be less than 20h ahead/],
    ['21h is too far', { ttl: '21h' }, /less than 20h/],
    ['new-session too far', { newSessionTtl: '20h' }, /--new-session-ttl must be less than 20h/],
    ['new-session after expiry', { ttl: '30m', newSessionTtl: '2h' }, /after the token expiry/],
    ['new-session after default expiry', { newSessionTtl: '31m' }, /after the token expiry/],
    ['expire-at in the past', { expireAt: iso(-MIN) }, /--expire-at must be in the future/],
    ['expire-at now', { expireAt: iso(0) }, /must be in the future/],
    ['expire-at too far', { expireAt: iso(20 * HOUR) }, /less than 20h/],
    ['expire-at not RFC 3339', { expireAt: 'tomorrow' }, /not an RFC 3339 time/],
    ['expire-at without zone', { expireAt: '2026-12-01T01:00:00' }, /not an RFC 3339 time/],
    ['expire-at impossible date', { expireAt: '2026-13-45T01:00:00Z' }, /not an RFC 3339 time/],
    ['ttl and expire-at together', { ttl: '1h', expireAt: iso(HOUR) }, /either --ttl or --expire-at/],
    [
      'both new-session flags',
      { newSessionTtl: '1m', newSessionExpireAt: iso(MIN) },
      /either --new-session-ttl or --new-session-expire-at/,
    ],
  ])('refuses %s', (_name, flags, message) => {
    expect(() => resolveTimeWindow(flags, NOW)).toThrow(message);
  });
});
