// The windows `mint --verify` works with: the probe token keeps the real one's model, config and lock
// but one use and a short window (never later than the user's own, so a window the service refuses
// is refused for the probe too), and the real token's relative times start after the verify.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probeSpec, shiftRelativeTimes } from '../../../src/commands/verify-setup.js';
import type { TokenSpec } from '../../../src/token/client/request-body.js';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const offset = fc.option(fc.integer({ min: -60_000, max: 20 * 3_600_000 }), { nil: undefined });
const spec = fc
  .record({ expire: offset, newSession: offset, uses: fc.integer({ min: 0, max: 9 }), lock: fc.boolean() })
  .map(({ expire, newSession, uses, lock }): TokenSpec => ({
    uses,
    model: 'models/gemini-3.8-live',
    config: { responseModalities: ['AUDIO'] },
    ...(lock ? { lock: [] } : {}),
    ...(expire === undefined ? {} : { expireTime: iso(NOW + expire) }),
    ...(newSession === undefined ? {} : { newSessionExpireTime: iso(NOW + newSession) }),
  }));

describe('probeSpec', () => {
  it('one use, the same setup and lock, times never later than the user’s nor past 1 and 2 minutes (generated)', () => {
    fc.assert(
      fc.property(spec, (token) => {
        const probe = probeSpec(token, NOW);
        expect(probe.uses).toBe(1);
        expect({ model: probe.model, config: probe.config, lock: probe.lock }).toEqual({
          model: token.model,
          config: token.config,
          lock: token.lock,
        });
        const newSession = Date.parse(probe.newSessionExpireTime!);
        const expire = Date.parse(probe.expireTime!);
        expect(newSession).toBeLessThanOrEqual(NOW + 60_000);
        expect(expire).toBeLessThanOrEqual(NOW + 120_000);
        if (token.newSessionExpireTime) expect(newSession).toBeLessThanOrEqual(Date.parse(token.newSessionExpireTime));
        if (token.expireTime) expect(expire).toBeLessThanOrEqual(Date.parse(token.expireTime));
      }),
    );
  });
});

describe('shiftRelativeTimes', () => {
  it('moves times that came from --ttl flags by the verify’s time, keeps absolute ones (generated)', () => {
    fc.assert(
      fc.property(spec, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 60_000 }), (token, fixA, fixB, ms) => {
        const absolute = {
          ...(fixA ? { expireAt: 'given' } : {}),
          ...(fixB ? { newSessionExpireAt: 'given' } : {}),
        };
        const shifted = shiftRelativeTimes(token, absolute, ms);
        const moved = (before: string | undefined, after: string | undefined, fixed: boolean): void => {
          if (before === undefined) return expect(after).toBeUndefined();
          expect(Date.parse(after!) - Date.parse(before)).toBe(fixed ? 0 : ms);
        };
        moved(token.expireTime, shifted.expireTime, fixA);
        moved(token.newSessionExpireTime, shifted.newSessionExpireTime, fixB);
        expect({ ...shifted, expireTime: token.expireTime, newSessionExpireTime: token.newSessionExpireTime }).toEqual(
          token,
        );
      }),
    );
  });
});
