// `gemtoken devices` through the built binary with real arecord/aplay on the sandbox ALSA config.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alsaAvailable, createAlsaSandbox, testPcm } from '../helpers/alsa.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const skipReason = alsaAvailable();

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe.skipIf(skipReason !== undefined)('gemtoken devices (real ALSA)', () => {
  it('--json lists the sandbox PCMs with `default` marked, on both sides', async () => {
    const box = createAlsaSandbox(testPcm(3200), { paced: false });
    cleanups.push(() => box.cleanup());
    const result = await runCli(['devices', '--json'], { env: box.env });
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      platform: string;
      capture: { name: string; default: boolean }[];
      playback: { name: string; default: boolean }[];
    };
    expect(listing.platform).toBe('linux');
    for (const side of [listing.capture, listing.playback]) {
      expect(side.map((d) => d.name)).toEqual(
        expect.arrayContaining(['null', 'default', 'gemtoken_capture', 'gemtoken_playback']),
      );
      expect(side.filter((d) => d.default).map((d) => d.name)).toEqual(['default']);
    }
  });

  it('the table names the flag and marks the default', async () => {
    const box = createAlsaSandbox(testPcm(3200), { paced: false });
    cleanups.push(() => box.cleanup());
    const result = await runCli(['devices'], { env: box.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Capture devices \(gemtoken talk --input-device NAME\):$/m);
    expect(result.stdout).toMatch(/^ {2}\* default$/m);
    expect(result.stdout).toMatch(/^ {4}gemtoken_capture$/m);
    expect(result.stdout).toMatch(/^Playback devices \(gemtoken talk --output-device NAME\):$/m);
    expect(result.stderr).toBe('');
  });

  it('--names KIND (what Tab completion calls): the names only, one a line, as --json lists them', async () => {
    const box = createAlsaSandbox(testPcm(3200), { paced: false });
    cleanups.push(() => box.cleanup());
    const listing = JSON.parse((await runCli(['devices', '--json'], { env: box.env })).stdout) as Record<
      'capture' | 'playback',
      { name: string }[]
    >;
    for (const kind of ['capture', 'playback'] as const) {
      const result = await runCli(['devices', '--names', kind], { env: box.env });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(listing[kind].map((d) => `${d.name}\n`).join(''));
      expect(result.stderr).toBe('');
    }
  });
});

describe('gemtoken devices (no ALSA tools)', () => {
  it('without arecord on PATH → one line, the install command, exit 6', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'gemtoken-nopath-'));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = await runCli(['devices'], { env: { PATH: bin } });
    expect(result.code).toBe(6);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'gemtoken: cannot list audio devices: arecord is not installed (not found on PATH)',
      expect.stringMatching(/^hint: /),
    ]);
    expect(hasStackTrace(result)).toBe(false);
  });
});
