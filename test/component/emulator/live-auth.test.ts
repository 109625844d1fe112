// Routes, credentials and the token's limits, through a real socket against an in-process core.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Reason, fitReason } from '../../../src/emulator/live/close-codes.js';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, TOKEN_PATH, type ServerMessage } from '../../helpers/live-client.js';

let emu: LiveCoreHandle;
beforeEach(async () => (emu = await startLiveCore()));
afterEach(async () => emu.stop());

const SETUP = { model: `models/${NATIVE_MODEL}`, sessionResumption: {} };

async function closeOf(path: string, headers: Record<string, string> = {}, setup: unknown = SETUP) {
  const client = await LiveTestClient.open(`${emu.wsBase}${path}`, headers);
  if (client.ws.readyState === client.ws.OPEN) client.send({ setup });
  const closed = await client.closed;
  return { ...closed, client };
}

describe('live auth', () => {
  it.each([
    ['a bad key', `${KEY_PATH}?key=wrong`, {}, 1007, Reason.badApiKey],
    ['a token passed as key', `${KEY_PATH}?key=auth_tokens/x`, {}, 1007, Reason.badApiKey],
    ['no credential', KEY_PATH, {}, 1008, fitReason(Reason.unregistered)],
    ['a token on the key method', `${KEY_PATH}?access_token=auth_tokens/x`, {}, 1008, fitReason(Reason.unregistered)],
    ['an unknown token', `${TOKEN_PATH}?access_token=auth_tokens/nope`, {}, 1008, Reason.unknownToken],
    ['an API key on the Constrained method', `${TOKEN_PATH}?key=${TEST_KEY}`, {}, 1008, fitReason(Reason.unregistered)],
  ])('%s', async (_name, path, headers, code, reason) => {
    const closed = await closeOf(path, headers);
    expect({ code: closed.code, reason: closed.reason }).toEqual({ code, reason });
  });

  it('serves the API key from the x-goog-api-key header and tolerates //ws/', async () => {
    const client = await LiveTestClient.open(`${emu.wsBase}/${KEY_PATH}`, { 'x-goog-api-key': TEST_KEY });
    expect(client.httpStatus).toBeUndefined();
    await client.setup(SETUP);
    expect(client.messages[0]).toEqual({ setupComplete: {} });
    const json = (await emu.admin('sessions')) as ServerMessage;
    expect(json.sessions).toHaveLength(1);
    expect(json.sessions[0]).toMatchObject({
      method: 'BidiGenerateContent',
      apiVersion: 'v1alpha',
      auth: 'key',
      open: true,
      closeCode: null,
    });
    client.close();
  });

  it('answers an unknown path with a 404 upgrade refusal', async () => {
    const closed = await closeOf('/ws/google.ai.generativelanguage.v1alpha.GenerativeService.Nope?key=x');
    expect(closed.client.httpStatus).toBe(404);
    expect(closed.code).toBe(1006);
  });

  it('takes a token from Authorization: Token and serves it on every API version, logging the difference', async () => {
    emu.addToken({ name: 'auth_tokens/hdr', uses: 0 });
    const ok = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}`, { authorization: 'Token auth_tokens/hdr' });
    await ok.setup(SETUP);
    ok.close();
    for (const version of ['v1beta', 'v1']) {
      const other = await LiveTestClient.open(
        `${emu.wsBase}${TOKEN_PATH.replace('v1alpha', version)}?access_token=auth_tokens/hdr`,
      );
      await other.setup(SETUP);
      expect(other.messages[0]).toEqual({ setupComplete: {} });
      other.close();
    }
    const warnings = emu.logs.filter((record) => record.event === 'live.warning');
    expect(warnings).toEqual([
      { event: 'live.warning', apiVersion: 'v1beta', warning: 'token minted on v1alpha used on v1beta' },
      { event: 'live.warning', apiVersion: 'v1', warning: 'token minted on v1alpha used on v1' },
    ]);
    expect(JSON.stringify(emu.logs)).not.toContain('auth_tokens/hdr');
  });

  it('serves the API-key method on v1 (SDK 3.x default)', async () => {
    const client = await LiveTestClient.open(`${emu.wsBase}${KEY_PATH.replace('v1alpha', 'v1')}?key=${TEST_KEY}`);
    await client.setup(SETUP);
    expect(((await emu.admin('sessions')) as ServerMessage).sessions[0]).toMatchObject({
      apiVersion: 'v1',
      auth: 'key',
    });
    client.close();
  });
});

describe('token limits at setup', () => {
  it('a uses:1 token serves one session; the second is closed 1011 "Token has been used too many times"', async () => {
    const record = emu.addToken({ name: 'auth_tokens/one' });
    const first = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/one`);
    await first.setup(SETUP);
    expect(record.usesConsumed).toBe(1);
    const second = await closeOf(`${TOKEN_PATH}?access_token=auth_tokens/one`);
    expect(second).toMatchObject({ code: 1011, reason: Reason.usesExhausted });
    first.close();
  });

  // The documented world (resume-costs-use off): a resume consumes no use, so a spent uses:1 token still resumes.
  it('documented: a new session after newSessionExpireTime is closed 1011; a resume then still works and consumes no use', async () => {
    await emu.stop();
    emu = await startLiveCore({ quirks: { 'resume-costs-use': false } });
    const record = emu.addToken({ name: 'auth_tokens/late', uses: 1 });
    const first = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/late`);
    await first.setup(SETUP);
    const update = await first.waitFor((m) => m.sessionResumptionUpdate?.resumable === true);
    first.close();
    await emu.openSockets(0);
    emu.advance(2 * 60_000);
    const late = await closeOf(`${TOKEN_PATH}?access_token=auth_tokens/late`);
    expect(late).toMatchObject({ code: 1011, reason: Reason.newSessionExpired });
    const resumed = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/late`);
    await resumed.setup({ ...SETUP, sessionResumption: { handle: update.sessionResumptionUpdate.newHandle } });
    expect(record.usesConsumed).toBe(1);
    resumed.close();
  });

  it('observed (resume-costs-use): after newSessionExpireTime a resume is still allowed, but it costs a use like a new session', async () => {
    const record = emu.addToken({ name: 'auth_tokens/late', uses: 2 });
    const first = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/late`);
    await first.setup(SETUP);
    const update = await first.waitFor((m) => m.sessionResumptionUpdate?.resumable === true);
    first.close();
    await emu.openSockets(0);
    emu.advance(2 * 60_000);
    const resumed = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/late`);
    await resumed.setup({ ...SETUP, sessionResumption: { handle: update.sessionResumptionUpdate.newHandle } });
    expect(record.usesConsumed).toBe(2);
    resumed.close();
  });

  it('an unknown resumption handle is closed 1007', async () => {
    const closed = await closeOf(
      `${KEY_PATH}?key=${TEST_KEY}`,
      {},
      { ...SETUP, sessionResumption: { handle: 'bogus' } },
    );
    expect(closed).toMatchObject({ code: 1007, reason: Reason.badHandle });
  });

  it('handles expire 2 h after the conversation ends', async () => {
    const first = await LiveTestClient.open(`${emu.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
    await first.setup(SETUP);
    const update = await first.waitFor((m) => m.sessionResumptionUpdate);
    first.close();
    await first.closed;
    emu.advance(2 * 60 * 60_000 + 1);
    const closed = await closeOf(
      `${KEY_PATH}?key=${TEST_KEY}`,
      {},
      { ...SETUP, sessionResumption: { handle: update.sessionResumptionUpdate.newHandle } },
    );
    expect(closed).toMatchObject({ code: 1007, reason: Reason.badHandle });
  });

  it('expireTime passing mid-session closes 1011 "Token expired…" at that very millisecond', async () => {
    emu.addToken({ name: 'auth_tokens/short', expireTime: emu.clock.now() + 800 });
    const client = await LiveTestClient.open(`${emu.wsBase}${TOKEN_PATH}?access_token=auth_tokens/short`);
    await client.setup(SETUP);
    emu.advance(799);
    expect(((await emu.admin('sessions')) as ServerMessage).sessions[0]).toMatchObject({
      auth: 'token',
      open: true,
      closeCode: null,
    });
    emu.advance(1);
    expect(await client.closed).toEqual({ code: 1011, reason: Reason.tokenExpired });
  });
});
