// A token's uses are known (mint's JSON `uses`, or 1 for talk's own token): the service charges every
// resume a use, so once they are spent talk asks for a fresh token before it reconnects, instead of
// offering the spent one and being refused (close 1011) first. The status counter counts resumes.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/live/session/session-types.js';
import { config, Driver, types } from './machine-driver.js';

const events = (cmds: Command[], type: string) =>
  cmds.flatMap((c) => (c.type === 'event' && c.event.type === type ? [c.event] : []));

/** Up on connection `id` with a handle, then goAway and the old socket's close: the moment of the resume. */
function resumeDue(d: Driver, id: number): Command[] {
  d.frame(id, { sessionResumptionUpdate: { newHandle: `h${id}`, resumable: true } });
  d.frame(id, { goAway: { timeLeft: '10s' } });
  return d.do({ type: 'closed', id, code: 1000, reason: '' });
}

describe('a token whose uses are spent', () => {
  it('a single-use token: every resume asks for a fresh token first, then connects once with the same handle', () => {
    const d = new Driver(config({ tokenSupply: 'minted', tokenUses: 1 })).open();
    for (let round = 1; round <= 3; round += 1) {
      const id = round;
      expect(types(resumeDue(d, id))).toEqual(['renew-token']);
      expect(d.session.snapshot(0, 0)).toMatchObject({ phase: 'reconnecting', note: 'new token' });
      const renewed = d.do({ type: 'token-renewed', source: 'minted', uses: 1 });
      expect(events(renewed, 'token')).toEqual([
        { type: 'token', source: 'minted', reason: "the token's single use is spent" },
      ]);
      expect(renewed.filter((c) => c.type === 'connect')).toMatchObject([
        { id: id + 1, setup: { sessionResumption: { handle: `h${id}` } } },
      ]);
      expect(events(d.do({ type: 'connected', id: id + 1 }), 'resumed')).toMatchObject([{ reconnects: round }]);
      expect(d.session.snapshot(0, 0).reconnects).toBe(round);
    }
    expect(d.log.filter((c) => c.type === 'connect')).toHaveLength(4);
  });

  it('a uses:3 token resumes twice on itself, then asks for a fresh one', () => {
    const d = new Driver(config({ tokenSupply: 'command', tokenUses: 3 })).open();
    expect(types(resumeDue(d, 1))).toEqual(['connect']);
    d.do({ type: 'connected', id: 2 });
    expect(types(resumeDue(d, 2))).toEqual(['connect']);
    d.do({ type: 'connected', id: 3 });
    expect(types(resumeDue(d, 3))).toEqual(['renew-token']);
    expect(events(d.do({ type: 'token-renewed', source: 'command', uses: 3 }), 'token')).toMatchObject([
      { reason: "the token's 3 uses are spent" },
    ]);
  });

  it('unknown or unlimited uses, or no way to get another token: the token is offered as before', () => {
    for (const over of [
      { tokenSupply: 'minted' as const },
      { tokenSupply: 'minted' as const, tokenUses: 0 },
      { tokenUses: 1 },
    ]) {
      const d = new Driver(config(over)).open();
      expect(types(resumeDue(d, 1))).toEqual(['connect']);
    }
  });

  it('a fresh token of unknown uses is offered on the next resume', () => {
    const d = new Driver(config({ tokenSupply: 'command', tokenUses: 1 })).open();
    resumeDue(d, 1);
    d.do({ type: 'token-renewed', source: 'command' });
    d.do({ type: 'connected', id: 2 });
    expect(types(resumeDue(d, 2))).toEqual(['connect']);
  });

  it('the counter counts resumes, not refused attempts', () => {
    const d = new Driver(config({ tokenSupply: 'minted' })).open();
    resumeDue(d, 1);
    const refused = { kind: 'closed' as const, code: 1011, reason: 'Token has been used too many times' };
    expect(types(d.do({ type: 'connect-failed', id: 2, failure: refused }))).toEqual(['renew-token']);
    d.do({ type: 'token-renewed', source: 'minted' });
    expect(events(d.do({ type: 'connected', id: 3 }), 'resumed')).toMatchObject([{ reconnects: 1 }]);
  });
});
