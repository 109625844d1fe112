// --allow-origin patterns: `https://*.example.com` admits one or more whole DNS
// labels in place of the `*`, scheme and port exact; any other wildcard is refused (exit 2). Generated
// origins (fast-check, seeded: a failure prints the seed; FC_SEED=<n> replays another run).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { matchesOrigin, originMatcher, parseOriginRule } from '../../../src/serve/origin-pattern.js';

const SEED = Number(process.env.FC_SEED ?? 1919);

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const labels = (min: number, max: number) =>
  fc.array(label, { minLength: min, maxLength: max }).map((l) => l.join('.'));
/** A domain: its last label is not a number (that would make it an IPv4 address). */
const domain = (min: number, max: number) =>
  fc
    .tuple(labels(min - 1, max - 1), fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/))
    .map(([head, tld]) => (head ? `${head}.${tld}` : tld));
const scheme = fc.constantFrom('http', 'https');
const port = fc.option(
  fc.integer({ min: 1, max: 65_535 }).filter((p) => p !== 80 && p !== 443),
  { nil: undefined },
);
const withPort = (p: number | undefined): string => (p === undefined ? '' : `:${p}`);

describe('origin patterns', () => {
  it('match exactly the origins with one or more labels in place of *, the same scheme and the same port', () => {
    fc.assert(
      fc.property(
        scheme,
        domain(2, 3),
        port,
        scheme,
        labels(0, 3),
        port,
        domain(1, 3),
        (s, suffix, p, s2, sub, p2, otherSuffix) => {
          const rule = parseOriginRule(`${s}://*.${suffix}${withPort(p)}`);
          const host = sub === '' ? suffix : `${sub}.${suffix}`;
          const origin = `${s2}://${host}${withPort(p2)}`;
          expect(matchesOrigin(rule, origin)).toBe(s2 === s && p2 === p && sub !== '');
          // Another domain that merely ends the same way as a string (evilexample.com) never matches.
          expect(matchesOrigin(rule, `${s}://${sub}x${suffix}${withPort(p)}`)).toBe(false);
          if (otherSuffix !== suffix)
            expect(matchesOrigin(rule, `${s}://${sub || 'a'}.${otherSuffix}${withPort(p)}`)).toBe(
              otherSuffix.endsWith(`.${suffix}`),
            );
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('never match an arbitrary string that is not such an origin', () => {
    const rule = parseOriginRule('https://*.example.com');
    const reference = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+example\.com$/;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `https://${s}.example.com`),
          fc.webUrl(),
        ),
        (origin) => {
          expect(matchesOrigin(rule, origin)).toBe(reference.test(origin));
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('leave exact origins exact', () => {
    const allowed = originMatcher(['https://app.example.com', 'http://localhost:5173', 'https://*.example.org:8443']);
    expect(['https://app.example.com', 'http://localhost:5173', 'https://a.b.example.org:8443'].map(allowed)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      [
        'https://x.app.example.com',
        'http://localhost:5174',
        'https://example.org:8443',
        'https://a.example.org',
        'null',
      ].map(allowed),
    ).toEqual([false, false, false, false, false]);
  });

  it.each([
    '*',
    'https://*',
    'https://*.com',
    'https://a*.example.com',
    'https://*.*.example.com',
    'https://app.*.example.com',
    'https://*example.com',
    '*.example.com',
    'ftp://*.example.com',
    'https://*.example.com/path',
    'https://*.example.com:443',
    'http://*.example.com:80',
    'https://*.example.com:99999',
    'https://*.Example.com',
    'https://*.exa_mple.com',
    'https://*.10.0.0.1',
    'https://*.example.0x1f',
    'https://app.example.com/x',
    'not an origin',
  ])('refuses %j with a UsageError (exit 2)', (value) => {
    expect(() => parseOriginRule(value)).toThrow(UsageError);
  });
});
