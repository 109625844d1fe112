// `gemtoken doctor` on this machine, built binary, real ALSA through the file plugin (test/helpers/alsa.ts):
// non-silent capture + working playback → all green; no arecord on PATH → ✘ with the apt command.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { alsaAvailable, createAlsaSandbox, testPcm, type AlsaSandbox } from '../helpers/alsa.js';
import { spawnEmulator } from '../helpers/emulator.js';
import { expectNoProcessLeft } from '../helpers/processes.js';

const KEY = 'AIzaSyE2eDoctorKey-0123456789abcdef';
const skipReason = alsaAvailable();

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string; fix?: string }[];
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function sandbox(capture: Buffer): AlsaSandbox {
  // Unpaced: doctor stops at the first non-silent audio, so the file plugin's speed is fine.
  const box = createAlsaSandbox(capture, { paced: false });
  cleanups.push(() => box.cleanup());
  return box;
}

describe.skipIf(skipReason !== undefined)('gemtoken doctor (real ALSA)', () => {
  it('--json is all green with a non-silent default capture device and a working playback device', async () => {
    const box = sandbox(testPcm(32_000));
    const result = await runCli(['doctor', '--json'], { env: { ...box.env, GEMINI_API_KEY: KEY } });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'node',
      'api-key',
      'capture-program',
      'speaker-addon',
      'capture-device',
      'playback-device',
      'ffmpeg',
    ]);
    // The binary runs on the Node that runs the tests (Node 24 under .ci/node24.sh).
    expect(report.checks[0]!.detail).toBe(`v${process.versions.node}`);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(result.stdout + result.stderr).not.toContain(KEY.slice(0, 12));
    // The 20 ms of silence doctor played (24 kHz s16le) went through the real addon into the
    // playback file (which ALSA may pad with more silence, up to a period).
    const played = box.played();
    expect(played.length).toBeGreaterThanOrEqual(960);
    expect(played.every((byte) => byte === 0)).toBe(true);
    // No capture process outlives doctor.
    await expectNoProcessLeft(box.home);
  });

  it('all-zero capture → ✘ microphone with the mute fix, exit 6', async () => {
    const box = sandbox(Buffer.alloc(64_000));
    const result = await runCli(['doctor'], { env: { ...box.env, GEMINI_API_KEY: KEY } });
    expect(result.stdout).toMatch(/^✘ microphone +capture device "default" delivered only silence/m);
    expect(result.stdout).toMatch(/fix: unmute the input: amixer sset Capture 80% cap/);
    expect(result.code).toBe(6);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('without arecord on PATH → ✘ with `sudo apt-get install alsa-utils`, exit non-zero', async () => {
    const box = sandbox(testPcm(32_000));
    // A PATH with nothing on it but a node, so only the capture program is missing.
    const bin = mkdtempSync(path.join(tmpdir(), 'gemtoken-nopath-'));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = await runCli(['doctor'], { env: { HOME: box.home, PATH: bin, GEMINI_API_KEY: KEY } });
    expect(result.stdout).toMatch(/^✘ capture program +arecord is not on PATH/m);
    expect(result.stdout).toMatch(/^ +fix: sudo apt-get install alsa-utils$/m);
    expect(result.stdout).toMatch(/^✘ microphone +not checked: capture device "default" needs arecord$/m);
    expect(result.stdout).toMatch(/^✔ playback device/m);
    expect(result.code).toBe(6);
    const json = await runCli(['doctor', '--json'], { env: { HOME: box.home, PATH: bin, GEMINI_API_KEY: KEY } });
    const report = JSON.parse(json.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'capture-program')).toMatchObject({
      ok: false,
      fix: 'sudo apt-get install alsa-utils',
    });
    expect(json.code).toBe(6);
  });
});

/** A HOME whose .asoundrc points ALSA's `default` at a card that does not exist (no real device is touched). */
function noCardHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'gemtoken-nocard-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  writeFileSync(path.join(home, '.asoundrc'), 'pcm.!default { type hw card 99 }\n');
  return home;
}

describe('gemtoken doctor (no sound card needed)', () => {
  it("no playback device: the speaker addon's abort is contained in the probe child and reported, exit 6", async () => {
    // speaker's ALSA backend trips a libasound assertion (SIGABRT) when `default` does not open.
    const result = await runCli(['doctor', '--json'], { env: { HOME: noCardHome(), GEMINI_API_KEY: KEY } });
    const report = JSON.parse(result.stdout) as Report;
    const playback = report.checks.find((c) => c.name === 'playback-device');
    expect(playback?.ok).toBe(false);
    expect(result.code).toBe(6);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('--online: the emulator answers; a closed port is ✘ with a curl command', async () => {
    const emulator = await spawnEmulator();
    cleanups.push(async () => void (await emulator.stop()));
    const home = noCardHome();
    const up = await runCli(['doctor', '--json', '--online', '--base-url', emulator.baseUrl], {
      env: { HOME: home, GEMINI_API_KEY: KEY },
    });
    const upReport = JSON.parse(up.stdout) as Report;
    expect(upReport.checks.at(-1)).toMatchObject({ name: 'api-host', ok: true });
    const down = await runCli(['doctor', '--json', '--base-url', 'http://127.0.0.1:1'], {
      env: { HOME: home, GEMINI_API_KEY: KEY },
    });
    const downReport = JSON.parse(down.stdout) as Report;
    expect(downReport.checks.at(-1)).toMatchObject({
      name: 'api-host',
      ok: false,
      fix: 'check the network or proxy: curl -sI http://127.0.0.1:1',
    });
    expect(down.code).toBe(6); // the no-card HOME fails the audio checks too, and audio's 6 wins
  });

  it('--help documents the exit codes and hides the internal probe flag', async () => {
    const result = await runCli(['doctor', '--help']);
    expect(result.code).toBe(0);
    // Help prose is wrapped to the terminal (80 columns into a pipe): where the lines break is not the point.
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'Exit codes: 0 all checks passed (talk should work), 6 an audio check failed, 2 another local check failed',
    );
    expect(result.stdout).not.toContain('--probe-playback');
  });

  it('a bad --base-url is one line, exit 2', async () => {
    const result = await runCli(['doctor', '--online', '--base-url', 'ftp://x']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toMatch(
      /^gemtoken: --base-url 'ftp:\/\/x' must be an http or https URL$/,
    );
    expect(result.stdout).toBe('');
  });
});
