// sessionProbe's one promise about the session it opens: it is closed once the judge is done, also
// when the judge's further step throws (a port failure that ends the run), so no Live session of a
// conformance run is left open against the service.
import { describe, expect, it } from 'vitest';
import { sessionProbe, on } from '../../../src/commands/conformance/probe.js';
import type { LiveProbeSession, ProbeIo } from '../../../src/commands/conformance/probe-io.js';
import { systemClock } from '../../../src/clock.js';

function fakeIo(): { io: ProbeIo; closes: () => number } {
  let closes = 0;
  const session: LiveProbeSession = {
    send: () => undefined,
    next: () => Promise.resolve({ kind: 'frame', text: '{"setupComplete":{}}', message: { setupComplete: {} } }),
    close: () => {
      closes += 1;
      return Promise.resolve();
    },
  };
  const io: ProbeIo = {
    mint: () => Promise.resolve({ status: 200, name: 'auth_tokens/t' }),
    open: () => Promise.resolve(session),
    model: 'm',
    waitMs: 1_000,
    lifetimeWaitMs: 1_000,
    clock: systemClock,
  };
  return { io, closes: () => closes };
}

describe('sessionProbe', () => {
  it('closes the session after the judge', async () => {
    const { io, closes } = fakeIo();
    const probe = sessionProbe({ name: 'p', judge: () => on('seen') });
    await expect(probe.run(io)).resolves.toEqual(on('seen'));
    expect(closes()).toBe(1);
  });

  it('closes the session when the judge throws, and the failure goes on', async () => {
    const { io, closes } = fakeIo();
    const probe = sessionProbe({
      name: 'p',
      judge: () => Promise.reject(new Error('network gone')),
    });
    await expect(probe.run(io)).rejects.toThrow('network gone');
    expect(closes()).toBe(1);
  });
});
