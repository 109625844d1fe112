// serve's rate-limit key: IPv6 per /64, IPv4-mapped IPv6 as IPv4, and
// --trust-proxy's X-Forwarded-For read from the right. Generated addresses (fast-check, seeded: a
// failure prints the seed and the shrunk case; FC_SEED=<n> replays another run).

import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { clientAddress, parseTrustProxy, rateKey } from '../../../src/serve/client-address.js';

const SEED = Number(process.env.FC_SEED ?? 1919);

const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
const hex = (g: readonly number[]): string[] => g.map((n) => n.toString(16));

/** Every way to write the same address: full, zero-padded, upper case, longest zero run as `::`. */
function spellings(g: readonly number[]): string[] {
  const full = hex(g).join(':');
  const padded = g.map((n) => n.toString(16).padStart(4, '0')).join(':');
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; i += 1) {
    let len = 0;
    while (i + len < 8 && g[i + len] === 0) len += 1;
    if (len > best.len) best = { at: i, len };
  }
  const compressed =
    best.len < 2 ? full : `${hex(g.slice(0, best.at)).join(':')}::${hex(g.slice(best.at + best.len)).join(':')}`;
  return [full, padded, padded.toUpperCase(), compressed, `[${compressed}]`, `${compressed}%eth0`];
}

const request = (peer: string, forwarded?: string): IncomingMessage =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as unknown as IncomingMessage;

describe('rateKey: the bucket of an address', () => {
  it('keys IPv6 by its /64, however it is written', () => {
    fc.assert(
      fc.property(groups, fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }), (g, low) => {
        // Skip the IPv4-mapped range: it is keyed as IPv4 (below).
        fc.pre(!(g.slice(0, 5).every((n) => n === 0) && g[5] === 0xffff));
        const sibling = [...g.slice(0, 4), ...low];
        const keys = new Set([...spellings(g), ...spellings(sibling)].map(rateKey));
        expect([...keys]).toEqual([`${hex(g.slice(0, 4)).join(':')}::/64`]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('gives two addresses in different /64s different keys', () => {
    fc.assert(
      fc.property(groups, groups, (a, b) => {
        fc.pre(a.slice(0, 4).join() !== b.slice(0, 4).join() && a[0] !== 0 && b[0] !== 0);
        expect(rateKey(hex(a).join(':'))).not.toBe(rateKey(hex(b).join(':')));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('keys IPv4 and IPv4-mapped IPv6 as the same IPv4 address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
        const mappedHex = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        const canonical = v4.split('.').map(Number).join('.');
        fc.pre(canonical === v4);
        expect(new Set([v4, `::ffff:${v4}`, `::FFFF:${v4}`, mappedHex, `0:0:0:0:0:ffff:${v4}`].map(rateKey))).toEqual(
          new Set([v4]),
        );
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('leaves what is not an address as it is, cut to 64 characters', () => {
    expect(rateKey('unknown')).toBe('unknown');
    expect(rateKey('x'.repeat(500))).toHaveLength(64);
  });
});

describe('clientAddress: --trust-proxy', () => {
  it('ignores X-Forwarded-For without --trust-proxy', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), undefined)).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a peer that is not trusted', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), parseTrustProxy(['loopback']))).toBe('203.0.113.9');
  });

  it('reads it from the right, skipping trusted hops; a client cannot pick its key by prepending', () => {
    const trusted = parseTrustProxy(['loopback', '10.0.0.0/8']);
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), trusted)).toBe('198.51.100.1');
    expect(clientAddress(request('::ffff:127.0.0.1', 'spoofed, 1.2.3.4, 198.51.100.1, 10.1.2.3'), trusted)).toBe(
      '198.51.100.1',
    );
    expect(clientAddress(request('::1', '[2001:db8::1]'), trusted)).toBe('2001:db8::1');
    // Every hop trusted: the leftmost is the client.
    expect(clientAddress(request('127.0.0.1', '10.0.0.7, 10.0.0.8'), trusted)).toBe('10.0.0.7');
    // Garbage where an address should be: the last hop a trusted proxy vouched for stands.
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, not-an-ip'), trusted)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1'), trusted)).toBe('127.0.0.1');
  });

  it.each(['', 'proxy.example.com', '10.0.0.0/33', '::1/129', '1.2.3.4/', 'loopback/8', '*'])(
    'refuses --trust-proxy %j (exit 2)',
    (value) => {
      expect(() => parseTrustProxy([value])).toThrow(UsageError);
    },
  );

  it('takes addresses, CIDR ranges and the named ranges', () => {
    const trusted = parseTrustProxy(['192.0.2.1', '2001:db8::/32', 'uniquelocal', 'linklocal'])!;
    for (const [address, family] of [
      ['192.0.2.1', 'ipv4'],
      ['2001:db8:1::5', 'ipv6'],
      ['192.168.1.1', 'ipv4'],
      ['fd00::1', 'ipv6'],
      ['fe80::1', 'ipv6'],
    ] as const) {
      expect(trusted.check(address, family)).toBe(true);
    }
    expect(trusted.check('192.0.2.2', 'ipv4')).toBe(false);
  });
});
