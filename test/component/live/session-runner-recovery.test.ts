// The runner carrying out recovery on the fake transport and FakeClock: a fresh token reaches the
// next connect (same handle, no audio lost or repeated, the token never in an event); an old socket
// whose close hangs is terminated and the resume waits for it (one-socket-per-session); a transient 1011 is resumed
// after the backoff on the injected clock.
import { describe, expect, it } from 'vitest';
import { AuthError, InterruptedError } from '../../../src/errors.js';
import type { RenewedToken } from '../../../src/live/session/token-renewal.js';
import { SESSION_DEFAULTS } from '../../../src/live/session/session-types.js';
import { FakeAudioInput } from '../../fakes/fake-audio.js';
import { flushPromises } from '../../fakes/fake-clock.js';
import type { FakeConnection } from '../../fakes/fake-transport.js';
import { audioFeed, connected, sessionRig } from '../../helpers/session-rig.js';

/** The rig with a microphone fed through `feed`, a minted first token and, if given, a token supply. */
function rig(renewToken?: () => Promise<RenewedToken>) {
  const input = new FakeAudioInput();
  const r = sessionRig({ deps: { input, renewToken }, session: { tokenSupply: 'minted' }, token: 'auth_tokens/first' });
  return { ...r, input, ...audioFeed(input) };
}

async function upWithHandle(r: ReturnType<typeof rig>): Promise<FakeConnection> {
  const first = await connected(r);
  r.feed(1280, 1);
  first.serverSend({ sessionResumptionUpdate: { newHandle: 'H1', resumable: true } });
  return first;
}

const audioOf = (connections: FakeConnection[]) => Buffer.concat(connections.map((c) => c.audio));

describe('SessionRunner recovery', () => {
  it('a resume refused as used up: a fresh token, the same handle, every input byte once', async () => {
    const renewals: string[] = [];
    const r = rig(async () => {
      renewals.push('asked');
      return { token: 'auth_tokens/second', source: 'minted' };
    });
    const first = await upWithHandle(r);
    first.serverSend({ goAway: { timeLeft: '10s' } });
    await flushPromises();
    const refused = await r.transport.nth(1);
    expect(refused.request).toMatchObject({
      token: 'auth_tokens/first',
      setup: { sessionResumption: { handle: 'H1' } },
    });
    r.feed(2560, 2);
    refused.fail({ kind: 'closed', code: 1011, reason: 'Token has been used too many times' });
    await flushPromises();
    const resumed = await r.transport.nth(2);
    expect(renewals).toEqual(['asked']);
    expect(resumed.request).toMatchObject({
      token: 'auth_tokens/second',
      setup: { sessionResumption: { handle: 'H1' } },
    });
    r.feed(640, 3);
    resumed.accept();
    await flushPromises();
    r.feed(1280, 4);
    expect(audioOf([first, refused, resumed]).equals(Buffer.concat(r.fed))).toBe(true);
    expect(r.events.map((e) => e.type)).toEqual(['setup', 'goAway', 'token', 'resumed']);
    expect(JSON.stringify(r.events)).not.toContain('auth_tokens/');
    r.controller.abort(new InterruptedError());
    expect(await r.done).toBeInstanceOf(InterruptedError);
  });

  it('a supply that fails ends run() with its error', async () => {
    const r = rig(() => Promise.reject(new AuthError('--token-command failed (exit 1)')));
    const first = await upWithHandle(r);
    first.serverClose(1011, 'Token expired: expire_time deadline exceeded');
    await flushPromises();
    expect(await r.done).toMatchObject({ message: '--token-command failed (exit 1)', exitCode: 3 });
  });

  it('an old socket whose close never finishes is terminated; the resume connects only after it is gone (one-socket-per-session)', async () => {
    const r = rig();
    const first = await upWithHandle(r);
    first.ackClose = false;
    first.serverSend({ goAway: { timeLeft: '10s' } });
    expect(first.closedWith).toMatchObject({ code: 1000 });
    await r.clock.advanceAsync(SESSION_DEFAULTS.closeWaitMs - 100);
    expect(first.terminated).toBe(false);
    expect(r.transport.connections).toHaveLength(1);
    await r.clock.advanceAsync(200);
    expect(first.terminated).toBe(true);
    const second = await r.transport.nth(1);
    expect(second.request.setup.sessionResumption).toEqual({ handle: 'H1' });
    await connected(r, 1);
    r.feed(640, 2);
    expect(audioOf([first, second]).equals(Buffer.concat(r.fed))).toBe(true);
    r.controller.abort(new InterruptedError());
    await r.done;
  });

  it('a transient 1011 mid-session: reconnecting, resumed after the backoff on the clock', async () => {
    const r = rig();
    const first = await upWithHandle(r);
    first.serverClose(1011, 'Internal error encountered.');
    r.feed(1280, 2);
    await r.clock.advanceAsync(SESSION_DEFAULTS.reconnectBackoffMs - 100);
    expect(r.transport.connections).toHaveLength(1);
    await r.clock.advanceAsync(100);
    const second = await r.transport.nth(1);
    expect(second.request.setup.sessionResumption).toEqual({ handle: 'H1' });
    await connected(r, 1);
    expect(r.events.map((e) => e.type)).toEqual(['setup', 'reconnecting', 'resumed']);
    expect(audioOf([first, second]).equals(Buffer.concat(r.fed))).toBe(true);
    r.controller.abort(new InterruptedError());
    await r.done;
  });
});
