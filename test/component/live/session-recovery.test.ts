// How the machine survives the real service (docs/emulator.md): a resume refused for a token reason
// gets a fresh token and the same handle (resume-costs-use); transient drops are resumed a bounded
// number of times after a backoff; the lifetime close "Deadline expired…" is a resume, not an
// expired token (lifetime-deadline-1011). Audio captured meanwhile goes out after the resume, in order, exactly once.
import { describe, expect, it } from 'vitest';
import { AuthError, ExitCode } from '../../../src/errors.js';
import { SESSION_DEFAULTS, type Command } from '../../../src/live/session/session-types.js';
import { audioOf, config, Driver, finishOf, pcm, sends, types } from './machine-driver.js';

const USED_UP = { kind: 'closed' as const, code: 1011, reason: 'Token has been used too many times' };
const DEADLINE = 'Deadline expired before operation could complete.';
const INTERNAL = 'Internal error encountered.';
const events = (cmds: Command[], type: string) =>
  cmds.flatMap((c) => (c.type === 'event' && c.event.type === type ? [c.event] : []));

/** A session up on connection 1 with handle 'h', some audio sent. */
function live(over = {}): { d: Driver; all: Buffer[]; feed: (n: number, seed: number) => Command[] } {
  const d = new Driver(config({ tokenSupply: 'minted', ...over })).open();
  const all: Buffer[] = [];
  const feed = (n: number, seed: number) => {
    const chunk = pcm(n, seed);
    all.push(chunk);
    return d.do({ type: 'audio', pcm: chunk });
  };
  feed(1280, 2);
  d.frame(1, { sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
  return { d, all, feed };
}

/** goAway → the old socket closes → the resume connect (id 2) is refused as used up. */
function refusedResume(d: Driver): Command[] {
  d.frame(1, { goAway: { timeLeft: '10s' } });
  d.do({ type: 'closed', id: 1, code: 1000, reason: '' });
  return d.do({ type: 'connect-failed', id: 2, failure: USED_UP });
}

describe('a resume refused for a token reason', () => {
  it('asks for a fresh token, then resumes with the same handle; nothing captured meanwhile is lost or repeated', () => {
    const { d, all, feed } = live();
    expect(types(refusedResume(d))).toEqual(['renew-token']);
    expect(d.session.snapshot(0, 0)).toMatchObject({ phase: 'reconnecting', note: 'new token' });
    expect(sends(feed(2560, 3))).toEqual([]);
    const renewed = d.do({ type: 'token-renewed', source: 'minted' });
    expect(events(renewed, 'token')).toEqual([
      { type: 'token', source: 'minted', reason: 'close 1011 "Token has been used too many times"' },
    ]);
    expect(renewed.find((c) => c.type === 'connect')).toMatchObject({
      id: 3,
      setup: { sessionResumption: { handle: 'h' } },
    });
    feed(640, 4);
    expect(types(d.do({ type: 'connected', id: 3 }))[0]).toBe('event:resumed');
    feed(1280, 5);
    expect(audioOf(sends(d.log)).equals(Buffer.concat(all))).toBe(true);
    expect(d.session.snapshot(0, 0).note).toBeUndefined();
  });

  it('a token expired mid-session is replaced the same way', () => {
    const { d } = live({ tokenSupply: 'command' });
    expect(
      types(d.do({ type: 'closed', id: 1, code: 1011, reason: 'Token expired: expire_time deadline exceeded' })),
    ).toEqual(['renew-token']);
    expect(events(d.do({ type: 'token-renewed', source: 'command' }), 'token')[0]).toMatchObject({ source: 'command' });
  });

  it('with only a fixed token: one error naming --token-command, exit 3', () => {
    const { d } = live({ tokenSupply: undefined });
    const error = finishOf(refusedResume(d))!.error!;
    expect(error.exitCode).toBe(ExitCode.auth);
    expect(error.message).toMatch(/cannot resume.*--token-command/);
  });

  it('a supply that cannot deliver ends the session with its own error', () => {
    const { d } = live();
    refusedResume(d);
    const out = d.do({ type: 'token-failed', error: new AuthError('--token-command failed (exit 1)') });
    expect(finishOf(out)?.error?.message).toBe('--token-command failed (exit 1)');
  });

  it('fresh tokens refused again and again: gives up after two', () => {
    const { d } = live();
    refusedResume(d);
    d.do({ type: 'token-renewed', source: 'minted' });
    expect(types(d.do({ type: 'connect-failed', id: 3, failure: USED_UP }))).toEqual(['renew-token']);
    d.do({ type: 'token-renewed', source: 'minted' });
    expect(finishOf(d.do({ type: 'connect-failed', id: 4, failure: USED_UP }))?.error?.exitCode).toBe(ExitCode.auth);
  });

  it('the first connect refused (stale token) is replaced once when a supply exists', () => {
    const d = new Driver(config({ tokenSupply: 'minted' }));
    d.do({ type: 'start' });
    expect(types(d.do({ type: 'connect-failed', id: 1, failure: USED_UP }))).toEqual(['renew-token']);
    expect(d.do({ type: 'token-renewed', source: 'minted' }).find((c) => c.type === 'connect')).toMatchObject({
      id: 2,
    });
    expect(types(d.do({ type: 'connected', id: 2 }))).toEqual(['event:setup']);
  });
});

describe('transient drops', () => {
  it('1011 Internal error with a handle: reconnecting after a backoff, then resumed; audio in order', () => {
    const { d, all, feed } = live();
    const out = d.do({ type: 'closed', id: 1, code: 1011, reason: INTERNAL }, 1000);
    expect(events(out, 'reconnecting')).toEqual([
      { type: 'reconnecting', attempt: 1, of: 3, inMs: 500, reason: `close 1011 "${INTERNAL}"` },
    ]);
    expect(out.some((c) => c.type === 'connect' || c.type === 'finish')).toBe(false);
    expect(d.session.snapshot(0, 0)).toMatchObject({ phase: 'reconnecting', note: 'retry 1/3' });
    feed(1280, 3);
    expect(d.do({ type: 'tick' }, 1499)).toEqual([]);
    expect(d.do({ type: 'tick' }, 1500)[0]).toMatchObject({
      type: 'connect',
      id: 2,
      setup: { sessionResumption: { handle: 'h' } },
    });
    feed(1280, 4);
    d.do({ type: 'connected', id: 2 });
    expect(audioOf(sends(d.log)).equals(Buffer.concat(all))).toBe(true);
  });

  it('attempts are bounded, with doubling backoff: exit 5 when the resumes keep failing', () => {
    const { d } = live();
    d.do({ type: 'closed', id: 1, code: 1006, reason: '' }, 0);
    const delays: number[] = [500];
    let now = 500;
    for (let id = 2; id <= 4; id += 1) {
      d.do({ type: 'tick' }, now);
      const out = d.do({ type: 'connect-failed', id, failure: { kind: 'network', message: 'ECONNRESET' } });
      const next = events(out, 'reconnecting')[0] as { inMs: number } | undefined;
      if (id < 4) {
        delays.push(next!.inMs);
        now += next!.inMs;
      } else {
        expect(finishOf(out)?.error?.exitCode).toBe(ExitCode.network);
        expect(finishOf(out)?.error?.message).toMatch(/could not be resumed after 3 attempts/);
      }
    }
    expect(delays).toEqual([500, 1000, 2000]);
    expect(d.log.filter((c) => c.type === 'connect')).toHaveLength(4);
  });

  it('a successful resume resets the attempt count', () => {
    const { d } = live();
    for (let round = 0; round < 4; round += 1) {
      const id = round + 1;
      expect(
        events(d.do({ type: 'closed', id, code: 1011, reason: INTERNAL }, round * 10_000), 'reconnecting')[0],
      ).toMatchObject({ attempt: 1 });
      d.do({ type: 'tick' }, round * 10_000 + 500);
      d.do({ type: 'connected', id: id + 1 });
    }
  });

  it('without a handle a 1011 still ends the session (exit 5)', () => {
    const d = new Driver(config({ tokenSupply: 'minted' })).open();
    expect(finishOf(d.do({ type: 'closed', id: 1, code: 1011, reason: INTERNAL }))?.error?.exitCode).toBe(
      ExitCode.network,
    );
  });

  it('a refused setup is not retried', () => {
    const { d } = live();
    expect(
      finishOf(d.do({ type: 'closed', id: 1, code: 1007, reason: 'Request contains an invalid argument.' }))?.error
        ?.exitCode,
    ).toBe(ExitCode.rejected);
  });
});

describe('the lifetime close (lifetime-deadline-1011)', () => {
  it('1011 "Deadline expired…" without a goAway seen resumes at once, no attempt counted, no token asked', () => {
    const { d } = live();
    const out = d.do({ type: 'closed', id: 1, code: 1011, reason: DEADLINE });
    expect(types(out)).toEqual(['connect']);
    expect(d.session.snapshot(0, 0).note).toBeUndefined();
  });

  it('without a handle it is a time-limit error, not an expired token (exit 5)', () => {
    const d = new Driver(config()).open();
    const error = finishOf(d.do({ type: 'closed', id: 1, code: 1011, reason: DEADLINE }))!.error!;
    expect(error.exitCode).toBe(ExitCode.network);
    expect(error.message).toMatch(/time limit/);
  });

  it('closeWaitMs is short (one socket per session must not cost a long pause)', () => {
    expect(SESSION_DEFAULTS.closeWaitMs).toBeLessThanOrEqual(1000);
  });
});
