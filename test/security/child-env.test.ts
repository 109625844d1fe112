// Children inherit no secrets. talk, doctor and devices run on real ALSA (test/helpers/alsa.ts)
// with spy children (spy-children.ts) recording every child's argv and environment. The canary
// key, and every other secret, must appear in none of them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { alsaAvailable, testPcm } from '../helpers/alsa.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { silence16k, tone16k } from '../helpers/live-client.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';
import { childOutputs, OTHER_SECRET, spyBox } from './spy-children.js';

const skip = alsaAvailable();

function expectNoSecrets(outputs: Record<string, string>): void {
  expectNoCanary(outputs);
  expectNoCanary(outputs, OTHER_SECRET);
}

describe.skipIf(skip !== undefined)('children inherit no secrets (real ALSA)', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await spawnEmulator(['--api-key', CANARY_KEY]);
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('doctor: arecord (capture check) and the playback probe child get no key', async () => {
    const spy = spyBox(testPcm(32_000), false);
    // NODE_OPTIONS (the spy hook) reaches the probe only because it is passed on by name.
    const result = await runCli(['doctor', '--json', '--pass-env', 'NODE_OPTIONS'], {
      env: spy.env,
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    const children = childOutputs(spy, (argv) => !argv.includes('--probe-playback'));
    expect(
      Object.keys(children).some((k) => k.startsWith('arecord-')),
      'arecord ran',
    ).toBe(true);
    expect(
      spy.dumps().some((d) => d.argv.includes('--probe-playback')),
      'the playback probe ran',
    ).toBe(true);
    expect(Object.values(children).join('\n')).toContain(`HOME=${spy.box.home}`);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, ...children });
  });

  it('devices: arecord -L and aplay -L get no key', async () => {
    const spy = spyBox(testPcm(3200), false);
    const result = await runCli(['devices', '--json'], { env: spy.env });
    expect(result.code).toBe(0);
    const children = childOutputs(spy, () => true);
    expect(
      Object.keys(children)
        .filter((k) => k.endsWith(' argv'))
        .sort(),
    ).toEqual([expect.stringMatching(/^aplay-/), expect.stringMatching(/^arecord-/)]);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, ...children });
  });

  it('talk: the microphone child (arecord, and pv behind it) gets no key and no token', async () => {
    const spy = spyBox(Buffer.concat([silence16k(300), tone16k(800), silence16k(4000)]), true);
    // GOOGLE_API_KEY stays unset here: with both set, the SDK prints a warning of its own on stderr.
    const result = await runCli(['talk', '--once', '--events', '--no-speaker'], {
      env: { ...spy.env, GOOGLE_API_KEY: undefined, GEMTOKEN_BASE_URL: emu.baseUrl },
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const children = childOutputs(spy, () => true);
    expect(
      Object.keys(children).some((k) => k.startsWith('arecord-')),
      'arecord ran',
    ).toBe(true);
    expect(Object.values(children).join('\n')).not.toMatch(/auth_tokens\//);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, emulatorLog: emu.log(), ...children });
  });
});
