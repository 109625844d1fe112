// A --api-key-file that other users may read gets a warning, as ssh gives for private
// keys: one line on stderr naming the file and `chmod 600`; the command still runs (not an error).

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { keyFileModeWarning } from '../../src/token/api-key.js';
import { wavFixture } from '../e2e/talk-helpers.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-keymode-'));
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', CANARY_KEY]);
});
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

function keyFile(name: string, mode: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${CANARY_KEY}\n`);
  chmodSync(file, mode);
  return file;
}

const warningLine = (file: string): string => `warning: --api-key-file '${file}' is accessible by other users`;

describe.skipIf(process.platform === 'win32')('--api-key-file permissions', () => {
  it.each([
    ['644 (world-readable)', 0o644, '644'],
    ['640 (group-readable)', 0o640, '640'],
    ['604 (others only)', 0o604, '604'],
    ['622 (others may write)', 0o622, '622'],
  ])('mint with a %s key file: one warning line naming the file and chmod 600, exit 0', async (_label, mode, octal) => {
    const file = keyFile(`key-${octal}.txt`, mode);
    const result = await runCli(['mint', '--api-key-file', file, '--base-url', emu.baseUrl]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: expect.stringMatching(/^auth_tokens\//) });
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((line) => line.includes('warning'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`'${file}'`);
    expect(lines[0]).toContain(`(mode ${octal})`);
    expect(lines[0]).toContain(`chmod 600 '${file}'`);
    expect(hasStackTrace(result)).toBe(false);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr, emulatorLog: emu.log() });
  });

  it.each([
    ['600', 0o600],
    ['400', 0o400],
  ])('mint with a %s key file: no warning', async (_label, mode) => {
    const file = keyFile(`key-private-${mode.toString(8)}.txt`, mode);
    const result = await runCli(['mint', '--api-key-file', file, '--base-url', emu.baseUrl]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('talk --api-key-file with a world-readable file warns too, and still talks', async () => {
    const file = keyFile('talk-key.txt', 0o644);
    const { file: wav } = wavFixture('keymode.wav', [
      ['silence', 200],
      ['tone', 800],
      ['silence', 1200],
    ]);
    const result = await runCli(
      [
        'talk',
        '--api-key-file',
        file,
        '--base-url',
        emu.baseUrl,
        '--input',
        wav,
        '--fast',
        '--no-speaker',
        '--once',
        '--events',
      ],
      { timeoutMs: 30_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(warningLine(file))]);
    expect(result.stderr).toContain(`chmod 600 '${file}'`);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});

describe('keyFileModeWarning (pure)', () => {
  it.each([
    [0o100600, undefined],
    [0o100400, undefined],
    [0o100700, undefined],
    [undefined, undefined],
    [0o100644, "--api-key-file 'k' is accessible by other users (mode 644); run: chmod 600 'k'"],
    [0o100060, "--api-key-file 'k' is accessible by other users (mode 060); run: chmod 600 'k'"],
  ])('mode %d → %s', (mode, expected) => {
    expect(keyFileModeWarning('k', mode)).toBe(expected);
  });
});
