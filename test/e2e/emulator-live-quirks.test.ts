// The Live quirks (docs/emulator.md) as a user meets them: the built `gemtoken emulator`, tokens
// minted over its REST, a raw WebSocket client. The default (observed) profile refuses what the real
// service was seen to refuse; `--profile documented` does what the docs say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import {
  KEY_PATH,
  LiveTestClient,
  TOKEN_PATH,
  type ServerMessage,
  silence16k,
  tone16k,
} from '../helpers/live-client.js';

const MODEL = 'models/gemini-2.5-flash-native-audio-preview-09-2025';
const SETUP = { model: MODEL, sessionResumption: {} };
const INTERNAL = { code: 1011, reason: 'Internal error encountered.' };

let observed: EmulatorHandle;
let documented: EmulatorHandle;
let shortLived: EmulatorHandle;

beforeAll(async () => {
  [observed, documented, shortLived] = await Promise.all([
    spawnEmulator(),
    spawnEmulator(['--profile', 'documented']),
    spawnEmulator(['--connection-lifetime', '1500ms', '--go-away-lead', '500ms']),
  ]);
});
afterAll(async () => {
  await Promise.all([observed.stop(), documented.stop(), shortLived.stop()]);
});

const ws = (emu: EmulatorHandle): string => emu.baseUrl.replace(/^http/, 'ws');
const withKey = (emu: EmulatorHandle) => LiveTestClient.open(`${ws(emu)}${KEY_PATH}?key=${emu.apiKeys[0]!}`);
const withToken = (emu: EmulatorHandle, token: string) =>
  LiveTestClient.open(`${ws(emu)}${TOKEN_PATH}?access_token=${token}`);

async function admin(emu: EmulatorHandle, method: string, name: string, body?: unknown): Promise<ServerMessage> {
  const res = await fetch(`${emu.baseUrl}/emulator/${name}`, {
    method,
    headers: { 'x-goog-api-key': emu.apiKeys[0]!, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as ServerMessage;
}

async function mint(emu: EmulatorHandle, body: Record<string, unknown> = { uses: 1 }): Promise<string> {
  const res = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, {
    method: 'POST',
    headers: { 'x-goog-api-key': emu.apiKeys[0]!, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { name: string }).name;
}

/** Runs a session to its first handle, closes it, and waits until the emulator has seen the close. */
async function endedSession(client: LiveTestClient, emu: EmulatorHandle): Promise<string> {
  await client.setup(SETUP);
  const handle = (await client.waitFor((m) => m.sessionResumptionUpdate?.resumable === true)).sessionResumptionUpdate
    .newHandle;
  client.close();
  await expect.poll(async () => (await admin(emu, 'GET', 'sessions')).openSessions, { timeout: 10_000 }).toBe(0);
  return handle;
}

const resume = (handle: string) => ({ ...SETUP, sessionResumption: { handle } });

describe('gemtoken emulator: Live quirks', () => {
  it('resume-costs-use: a resume on the spent uses:1 token is refused 1011; a fresh token resumes; documented: the same token resumes', async () => {
    const token = await mint(observed);
    const handle = await endedSession(await withToken(observed, token), observed);
    const again = await withToken(observed, token);
    again.send({ setup: resume(handle) });
    expect(await again.closed).toEqual({ code: 1011, reason: 'Token has been used too many times' });
    const fresh = await withToken(observed, await mint(observed));
    await fresh.setup(resume(handle));
    fresh.close();
    // Accepted, with a warning line: whether the real service ties a handle to its token is unknown.
    await expect
      .poll(() => observed.log(), { timeout: 10_000 })
      .toMatch(/live\.warning .*resumed with another credential than it started with/);
    expect(observed.log()).not.toContain(token);

    const docToken = await mint(documented);
    const docHandle = await endedSession(await withToken(documented, docToken), documented);
    const docAgain = await withToken(documented, docToken);
    await docAgain.setup(resume(docHandle));
    docAgain.close();
  });

  it('lifetime-deadline-1011: --go-away-lead 500ms: goAway{"timeLeft":"0.500s"}, then close 1011 "Deadline expired…" at the end of the lifetime', async () => {
    const client = await withKey(shortLived);
    await client.setup({ model: MODEL });
    expect(await client.closed).toEqual({ code: 1011, reason: 'Deadline expired before operation could complete.' });
    expect(client.messages).toEqual([{ setupComplete: {} }, { goAway: { timeLeft: '0.500s' } }]);
  });

  it('one-socket-per-session: a resume while the old socket is open → the new socket is closed 1011; documented: allowed', async () => {
    const old = await withKey(observed);
    await old.setup(SETUP);
    const handle = (await old.waitFor((m) => m.sessionResumptionUpdate)).sessionResumptionUpdate.newHandle;
    const second = await withKey(observed);
    second.send({ setup: resume(handle) });
    expect(await second.closed).toEqual(INTERNAL);
    expect(old.ws.readyState).toBe(old.ws.OPEN);
    old.close();

    const docOld = await withKey(documented);
    await docOld.setup(SETUP);
    const docSecond = await withKey(documented);
    await docSecond.setup(
      resume((await docOld.waitFor((m) => m.sessionResumptionUpdate)).sessionResumptionUpdate.newHandle),
    );
    docOld.close();
    docSecond.close();
  });

  it('a live:internal fault from the admin API closes 1011 mid-turn; the handle resumes the conversation', async () => {
    await admin(observed, 'POST', 'faults', { spec: 'live:internal' });
    const client = await withKey(observed);
    await client.setup(SETUP);
    const handle = (await client.waitFor((m) => m.sessionResumptionUpdate)).sessionResumptionUpdate.newHandle;
    client.sendAudio(Buffer.concat([tone16k(500), silence16k(600)]));
    expect(await client.closed).toEqual(INTERNAL);
    expect(client.audioParts().length).toBeGreaterThan(0);
    expect(client.indexOf((m) => m.serverContent?.turnComplete)).toBe(-1);
    await expect.poll(async () => (await admin(observed, 'GET', 'sessions')).openSessions, { timeout: 10_000 }).toBe(0);
    const resumed = await withKey(observed);
    await resumed.setup(resume(handle));
    resumed.send({ realtimeInput: { text: 'are you back?' } });
    await resumed.waitFor((m) => m.serverContent?.turnComplete === true);
    resumed.close();
  });

  it('full-lock-ignores-client: under a full lock the client setup is ignored: no handles although the client asked', async () => {
    // The lock names its modality: a full lock of the model alone is refused at connect
    // (full-lock-default-text), as the next test shows.
    const token = await mint(observed, {
      uses: 1,
      bidiGenerateContentSetup: { model: MODEL, generationConfig: { responseModalities: ['AUDIO'] } },
    });
    const client = await withToken(observed, token);
    await client.setup({ ...SETUP, outputAudioTranscription: {} });
    client.send({ realtimeInput: { text: 'hello' } });
    await client.waitFor((m) => m.serverContent?.turnComplete === true);
    expect(client.indexOf((m) => m.sessionResumptionUpdate)).toBe(-1);
    expect(client.indexOf((m) => m.serverContent?.outputTranscription)).toBe(-1);
    client.close();
  });

  it('full-lock-default-text: a full lock of the model alone is refused at connect by an audio-only model (TEXT)', async () => {
    const token = await mint(observed, { uses: 1, bidiGenerateContentSetup: { model: MODEL } });
    const client = await withToken(observed, token);
    client.send({ setup: SETUP });
    const closed = await client.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toMatch(/TEXT|non-audio/);
  });

  it('--help lists live:internal and --go-away-lead', async () => {
    const result = await runCli(['emulator', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('live:internal[xN]');
    expect(result.stdout).toContain('--go-away-lead <duration>');
  });
});
