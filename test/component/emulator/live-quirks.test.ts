// The Live half's resume quirks (docs/emulator.md), each on (observed, the default) and off
// (documented): `resume-costs-use` and `one-socket-per-session`, through real sockets on the
// hand-driven clock.
import { afterEach, describe, expect, it } from 'vitest';
import { Reason } from '../../../src/emulator/live/close-codes.js';
import {
  NATIVE_MODEL,
  TEST_KEY,
  startLiveCore,
  type LiveCoreHandle,
  type LiveCoreOverrides,
} from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, TOKEN_PATH, type ServerMessage } from '../../helpers/live-client.js';

let emu: LiveCoreHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const SETUP = { model: `models/${NATIVE_MODEL}`, sessionResumption: {} };
const withToken = (name: string): Promise<LiveTestClient> =>
  LiveTestClient.open(`${emu!.wsBase}${TOKEN_PATH}?access_token=${name}`);
const withKey = (): Promise<LiveTestClient> => LiveTestClient.open(`${emu!.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
const handleOf = async (client: LiveTestClient): Promise<string> =>
  (await client.waitFor((m) => m.sessionResumptionUpdate?.resumable === true)).sessionResumptionUpdate.newHandle;
const resume = (handle: string) => ({ ...SETUP, sessionResumption: { handle } });
const sessions = async (): Promise<ServerMessage> => (await emu!.admin('sessions')) as ServerMessage;

/** A first session on a uses:1 token, closed by the client once its handshake is over on the server. */
async function endedSession(quirks: LiveCoreOverrides['quirks'] = {}): Promise<string> {
  emu = await startLiveCore({ quirks });
  emu.addToken({ name: 'auth_tokens/first', uses: 1 });
  const first = await withToken('auth_tokens/first');
  await first.setup(SETUP);
  const handle = await handleOf(first);
  first.close();
  await emu.openSockets(0);
  return handle;
}

describe('resume-costs-use', () => {
  it('on: resuming on the spent uses:1 token is closed 1011 "Token has been used too many times"', async () => {
    const handle = await endedSession();
    const again = await withToken('auth_tokens/first');
    again.send({ setup: resume(handle) });
    expect(await again.closed).toEqual({ code: 1011, reason: Reason.usesExhausted });
    expect(again.messages).toEqual([]);
    expect(emu!.core.store.get('auth_tokens/first')!.usesConsumed).toBe(1);
  });

  it('on: the same handle resumes the conversation on a fresh token, which pays the use', async () => {
    const handle = await endedSession();
    const fresh = emu!.addToken({ name: 'auth_tokens/fresh', uses: 1 });
    const resumed = await withToken('auth_tokens/fresh');
    await resumed.setup(resume(handle));
    expect(fresh.usesConsumed).toBe(1);
    expect(emu!.core.store.get('auth_tokens/first')!.usesConsumed).toBe(1);
    const json = await sessions();
    expect(json.conversations).toHaveLength(1);
    expect(json.conversations[0]).toMatchObject({ sessions: 2, resumptions: 1 });
    // The handle belongs to the conversation, not to a token or key: the real rule is unknown, so the
    // resume is accepted with a warning line (nothing says a handle is bound to its token), which names no token.
    const warnings = emu!.logs.filter((l) => l.event === 'live.warning');
    expect(warnings).toEqual([
      expect.objectContaining({
        warning:
          'conversation c1 resumed with another credential than it started with (accepted: the real rule is unknown)',
      }),
    ]);
    expect(JSON.stringify(warnings)).not.toContain('auth_tokens/');
    resumed.close();
  });

  it('on: an unlimited token (uses 0) resumes any number of times', async () => {
    emu = await startLiveCore();
    emu.addToken({ name: 'auth_tokens/any', uses: 0 });
    let handle: string | undefined;
    for (let i = 0; i < 3; i++) {
      const client = await withToken('auth_tokens/any');
      await client.setup(handle ? resume(handle) : SETUP);
      handle = await handleOf(client);
      client.close();
      await emu.openSockets(0);
    }
    expect((await sessions()).conversations[0]).toMatchObject({ sessions: 3, resumptions: 2 });
    expect(emu.logs.filter((l) => l.event === 'live.warning')).toEqual([]);
  });

  it('off: a resume on the spent uses:1 token works and costs no use', async () => {
    const handle = await endedSession({ 'resume-costs-use': false });
    const again = await withToken('auth_tokens/first');
    await again.setup(resume(handle));
    expect(emu!.core.store.get('auth_tokens/first')!.usesConsumed).toBe(1);
    again.close();
  });
});

describe('one-socket-per-session', () => {
  it('on: a resume while the old socket is open closes the new socket 1011; the old one carries on', async () => {
    emu = await startLiveCore();
    const old = await withKey();
    await old.setup(SETUP);
    const handle = await handleOf(old);
    const second = await withKey();
    second.send({ setup: resume(handle) });
    expect(await second.closed).toEqual({ code: 1011, reason: Reason.internal });
    expect(second.messages).toEqual([]);
    expect(emu.logs.find((l) => l.event === 'live.warning')).toMatchObject({
      warning: expect.stringContaining('one-socket-per-session'),
    });
    old.send({ realtimeInput: { text: 'still here?' } });
    await emu.playTurn(old);
    expect((await sessions()).conversations[0]).toMatchObject({ sessions: 1, resumptions: 0, activeSessions: 1 });
    old.close();
  });

  it('on: a close handshake in progress still counts as open; once it finishes the resume works', async () => {
    emu = await startLiveCore({ connectionLifetimeMs: 1000 });
    const old = await withKey();
    await old.setup(SETUP);
    const handle = await handleOf(old);
    old.ws.pause(); // the client does not read, so it never answers the server's close frame
    emu.advance(1000); // lifetime over: the server sends its close frame
    await expect.poll(async () => (await sessions()).sessions[0].closeCode, { timeout: 10_000 }).toBe(1011);
    const early = await withKey();
    early.send({ setup: resume(handle) });
    expect(await early.closed).toEqual({ code: 1011, reason: Reason.internal });
    old.ws.resume();
    expect(await old.closed).toEqual({ code: 1011, reason: Reason.deadline });
    await emu.openSockets(0);
    const later = await withKey();
    await later.setup(resume(handle));
    expect((await sessions()).conversations[0]).toMatchObject({ sessions: 2, resumptions: 1 });
    later.close();
  });

  it('off: a resume while the old socket is open is allowed (two sockets on one conversation)', async () => {
    emu = await startLiveCore({ quirks: { 'one-socket-per-session': false } });
    const old = await withKey();
    await old.setup(SETUP);
    const second = await withKey();
    await second.setup(resume(await handleOf(old)));
    expect((await sessions()).conversations[0]).toMatchObject({ sessions: 2, resumptions: 1, activeSessions: 2 });
    old.close();
    second.close();
  });
});
