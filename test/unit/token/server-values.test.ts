// server-values.ts: the one grammar for token names and times that come from a server.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { checkServerValues, isTokenName, rfc3339Ms } from '../../../src/token/client/server-values.js';

describe('isTokenName', () => {
  it.each([`auth_tokens/${'a1'.repeat(32)}`, 'auth_tokens/abc', 'auth_tokens/A-b_9', `auth_tokens/${'x'.repeat(512)}`])(
    'accepts %s',
    (name) => {
      expect(isTokenName(name)).toBe(true);
    },
  );
  it.each([
    'auth_tokens/',
    'auth_tokens/a/b',
    'auth_tokens/a.b',
    'auth_tokens/a b',
    'auth_tokens/a\nb',
    'auth_tokens/a\u001b',
    'auth_tokens/a%0A',
    'auth_tokens/a?key=1',
    'AUTH_TOKENS/abc',
    'abc',
    ` auth_tokens/abc`,
    `auth_tokens/${'x'.repeat(513)}`,
    42,
    null,
  ])('refuses %j', (name) => {
    expect(isTokenName(name)).toBe(false);
  });
});

describe('rfc3339Ms', () => {
  it.each<[string, number]>([
    ['2026-12-01T00:30:00.000Z', Date.UTC(2026, 11, 1, 0, 30)],
    ['2026-12-01T00:30:00Z', Date.UTC(2026, 11, 1, 0, 30)],
    ['2026-12-01t01:30:00+01:00', Date.UTC(2026, 11, 1, 0, 30)],
    ['2028-02-29T00:00:00.123456789Z', Date.UTC(2028, 1, 29) + 123],
  ])('%s', (text, ms) => {
    expect(rfc3339Ms(text)).toBe(ms);
  });
  it.each([
    '2026-02-30T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01',
    'tomorrow',
    '1764549000',
    '2026-12-01T00:30:00Z\n',
    17,
    undefined,
  ])('refuses %j', (text) => {
    expect(rfc3339Ms(text)).toBeUndefined();
  });
});

describe('checkServerValues', () => {
  it('throws exit 5 naming the first bad field, never its value', () => {
    const error = (() => {
      try {
        checkServerValues({ name: 'auth_tokens/abc', expireTime: 'soon\nINJECTED=1' });
      } catch (e) {
        return e as Error & { exitCode: number; hint: string };
      }
      return undefined;
    })();
    expect(error).toMatchObject({ exitCode: ExitCode.network, message: 'unexpected reply from the server' });
    expect(error!.hint).toMatch(/^its "expireTime" is not an RFC 3339 time/);
    expect(error!.hint).not.toContain('INJECTED');
  });
  it('absent times are fine', () => {
    expect(() => checkServerValues({ name: 'auth_tokens/abc' })).not.toThrow();
  });
});
