// The `live:slowclose` fault: the client's close frame is answered only after SLOW_CLOSE_HOLD_MS on
// the emulator's clock, while a client that drops the connection instead is seen gone at once, so a
// resume after the drop is accepted under one-socket-per-session and one after a polite wait is not.
import { afterEach, describe, expect, it } from 'vitest';
import { Reason } from '../../../src/emulator/live/close-codes.js';
import { SLOW_CLOSE_HOLD_MS } from '../../../src/emulator/live/session-faults.js';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient } from '../../helpers/live-client.js';

let emu: LiveCoreHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const SETUP = { model: `models/${NATIVE_MODEL}`, sessionResumption: {} };
const withKey = (): Promise<LiveTestClient> => LiveTestClient.open(`${emu!.wsBase}${KEY_PATH}?key=${TEST_KEY}`);

async function faultySession(): Promise<{ old: LiveTestClient; handle: string }> {
  emu = await startLiveCore();
  emu.faults.push({ surface: 'live', kind: 'slowclose', remaining: 1 } as (typeof emu.faults)[number]);
  const old = await withKey();
  await old.setup(SETUP);
  const handle = (await old.waitFor((m) => m.sessionResumptionUpdate?.resumable === true)).sessionResumptionUpdate
    .newHandle as string;
  return { old, handle };
}

describe('live:slowclose', () => {
  it("holds the answer to the client's close frame until the hold has passed", async () => {
    const { old } = await faultySession();
    const timers = emu!.clock.pending;
    old.ws.close(1000);
    // The close frame has arrived once the held answer is a timer on the emulator's clock.
    await expect.poll(() => emu!.clock.pending).toBe(timers + 1);
    expect(emu!.logs.some((l) => l.event === 'live.close')).toBe(false);
    expect(old.ws.readyState).toBe(old.ws.CLOSING);
    emu!.advance(SLOW_CLOSE_HOLD_MS - 1);
    expect(old.ws.readyState).toBe(old.ws.CLOSING);
    emu!.advance(1);
    expect(await old.closed).toEqual({ code: 1000, reason: '' });
    await emu!.openSockets(0);
  });

  it('a resume while the client still waits for the answer is refused (one-socket-per-session); after dropping the socket it works', async () => {
    const { old, handle } = await faultySession();
    old.ws.close(1000);
    const early = await withKey();
    early.send({ setup: { ...SETUP, sessionResumption: { handle } } });
    expect(await early.closed).toEqual({ code: 1011, reason: Reason.internal });
    old.ws.terminate();
    await emu!.openSockets(0);
    const resumed = await withKey();
    await resumed.setup({ ...SETUP, sessionResumption: { handle } });
    expect(resumed.messages[0]).toEqual({ setupComplete: {} });
    resumed.close();
  });

  it("the emulator's own closes are not held", async () => {
    const { old } = await faultySession();
    old.send({ setup: SETUP }); // a second setup is a protocol error: closed 1007 by the server at once
    expect(await old.closed).toEqual({ code: 1007, reason: Reason.invalidArgument });
  });
});
