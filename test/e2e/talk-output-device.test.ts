// `talk --output-device NAME` on real ALSA without a sound card (test/helpers/alsa.ts): the reply
// plays on the named device, and a device that does not exist is exit 6 naming it, before any
// token is used.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { alsaAvailable, createAlsaSandbox, type AlsaSandbox } from '../helpers/alsa.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { expectNoProcessLeft } from '../helpers/processes.js';
import { silence16k } from '../helpers/live-client.js';
import { emulatorSessions } from './talk-helpers.js';

const skip = alsaAvailable();
const sandboxes: AlsaSandbox[] = [];
afterEach(async () => {
  for (const box of sandboxes.splice(0)) {
    await expectNoProcessLeft(box.home);
    box.cleanup();
  }
});

describe.skipIf(skip !== undefined)('talk --output-device', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await spawnEmulator();
  });
  afterAll(async () => {
    await emu.stop();
  });

  const run = (args: string[]) => {
    const box = createAlsaSandbox(silence16k(100));
    sandboxes.push(box);
    const env = { ...box.env, GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: emu.apiKeys[0]! };
    return { box, result: runCli(['talk', '--text', 'hello', '--once', ...args], { env, timeoutMs: 30_000 }) };
  };

  it('plays the reply on the named device (the sandbox .asoundrc defines gemtoken_playback)', async () => {
    const { box, result } = run(['--output-device', 'gemtoken_playback']);
    const done = await result;
    expect(done.code, done.stderr).toBe(0);
    expect(box.played().length).toBeGreaterThan(0);
  });

  it('a device that does not exist: exit 6, one line naming it, no session started', async () => {
    const before = (await emulatorSessions(emu)).conversations.length;
    const { result } = run(['--output-device', 'nosuchdevice']);
    const done = await result;
    expect(done.code, done.stderr).toBe(6);
    expect(done.stderr).toMatch(
      /^gemtoken: cannot open the audio output device 'nosuchdevice': .+\nhint: list playback devices with `gemtoken devices`.*--no-speaker/,
    );
    expect(done.stderr).not.toContain(emu.apiKeys[0]);
    expect(hasStackTrace(done)).toBe(false);
    expect((await emulatorSessions(emu)).conversations.length, 'no session started').toBe(before);
  });

  it('--output-device with --no-speaker is a usage error (exit 2)', async () => {
    const { result } = run(['--output-device', 'gemtoken_playback', '--no-speaker']);
    const done = await result;
    expect(done.code).toBe(2);
    expect(done.stderr).toBe('gemtoken: --output-device and --no-speaker exclude each other\n');
  });
});
