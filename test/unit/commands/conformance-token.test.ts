// The token probes: the deadline probes mint with deadlines a few seconds ahead and connect only once
// the probe's clock is past them by the margin (never before, whatever the timers do), and each row's
// value is whether the session started, with the close as its evidence.
import { describe, expect, it } from 'vitest';
import type { Closed, LiveProbeSession, ProbeIo } from '../../../src/commands/conformance/probe-io.js';
import {
  DEADLINE_MARGIN_MS,
  SHORT_DEADLINE_MS,
  TOKEN_CASES,
  TOKEN_PROBES,
} from '../../../src/commands/conformance/token-probes.js';
import { FakeClock, flushPromises } from '../../fakes/fake-clock.js';

const REFUSED: Closed = { kind: 'closed', code: 1011, reason: 'new_session_expire_time deadline exceeded' };

function fakeIo(clock: FakeClock) {
  const minted: Array<Record<string, unknown>> = [];
  const opened: number[] = [];
  const session: LiveProbeSession = { send: () => {}, next: async () => REFUSED, close: async () => {} };
  const io: ProbeIo = {
    model: 'gemini-3.8-live',
    waitMs: 1_000,
    lifetimeWaitMs: 1_000,
    clock,
    mint: async (body) => (minted.push({ ...body }), { status: 200, name: 'auth_tokens/t' }),
    open: async () => (opened.push(clock.now()), session),
  };
  return { io, minted, opened };
}

describe('token probes', () => {
  it('the emulator refuses every token state the rows name (its own checks decide)', () => {
    expect(TOKEN_CASES.map((c) => [c.name, c.emulator()])).toEqual([
      ['token:uses', 'refused'],
      ['token:expired', 'refused'],
      ['token:new-session-window', 'refused'],
      ['token:bogus', 'refused'],
    ]);
  });

  it.each(['token:expired', 'token:new-session-window'])(
    '%s connects only once the deadline has passed by the margin',
    async (name) => {
      const clock = new FakeClock();
      const start = clock.now();
      const { io, minted, opened } = fakeIo(clock);
      const running = TOKEN_PROBES[name]!.run(io);
      await flushPromises();
      expect(minted[0]!.newSessionExpireTime).toBe(new Date(start + SHORT_DEADLINE_MS).toISOString());
      await clock.advanceAsync(SHORT_DEADLINE_MS + DEADLINE_MARGIN_MS - 1);
      expect(opened).toEqual([]);
      await clock.advanceAsync(1_000);
      const found = await running;
      expect(opened[0]! - start).toBeGreaterThanOrEqual(SHORT_DEADLINE_MS + DEADLINE_MARGIN_MS);
      expect(found).toEqual({
        value: 'refused',
        evidence: expect.stringMatching(/close 1011 "new_session_expire_time/),
      });
    },
  );
});
