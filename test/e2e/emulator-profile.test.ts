// The behaviour profile as a user meets it: the ready line says which world the emulator runs in,
// and --help lists every quirk with the evidence behind it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QUIRKS } from '../../src/emulator/quirks.js';
import { runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

/** The observed profile: every quirk on but the unconfirmed ones, which are opt-in. */
const OBSERVED = Object.fromEntries(Object.entries(QUIRKS).map(([name, quirk]) => [name, quirk.observed]));

describe('gemtoken emulator --profile / --quirk', () => {
  it('runs the observed profile by default and says so in the ready line', async () => {
    emu = await spawnEmulator();
    expect(emu.ready.profile).toBe('observed');
    expect(emu.ready.quirks).toEqual(OBSERVED);
    expect((emu.ready.quirks as Record<string, boolean>)['resume-loses-context']).toBe(false);
  });

  it('documented turns every quirk off but the one the docs also describe; --quirk switches one back on', async () => {
    emu = await spawnEmulator(['--profile', 'documented', '--quirk', 'one-socket-per-session=on']);
    expect(emu.ready.profile).toBe('documented');
    expect(emu.ready.quirks).toEqual({
      ...Object.fromEntries(Object.keys(QUIRKS).map((name) => [name, false])),
      'full-lock-ignores-client': true,
      'one-socket-per-session': true,
    });
  });

  it('--profile FILE runs a profile file: its quirks over the observed ones, --quirk on top', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-profile-')), 'service.json');
    const profile = { 'indented-frames': false, 'resume-costs-use': false };
    writeFileSync(file, JSON.stringify({ format: 'gemtoken-profile/1', quirks: profile, evidence: {} }));
    emu = await spawnEmulator(['--profile', file, '--quirk', 'lifetime-deadline-1011=off']);
    expect(emu.ready.profile).toBe(file);
    expect(emu.ready.quirks).toEqual({ ...OBSERVED, ...profile, 'lifetime-deadline-1011': false });
  });

  it.each([
    [{ format: 'gemtoken-profile/1', quirks: { 'resume-free': true } }, /unknown quirk "resume-free"/],
    [{ format: 'gemtoken-profile/2', quirks: {} }, /"format" must be "gemtoken-profile\/1"/],
    ['not json', /not JSON/],
  ])('--profile FILE refuses %j with one line and exit 2', async (content, message) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-profile-')), 'bad.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    const result = await runCli(['emulator', '--profile', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('--profile naming no file is exit 2', async () => {
    const result = await runCli(['emulator', '--profile', 'observd']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/cannot read --profile 'observd'/);
  });

  it('lists every quirk with what was seen in --help', async () => {
    const result = await runCli(['emulator', '--help']);
    expect(result.code).toBe(0);
    for (const [name, quirk] of Object.entries(QUIRKS)) {
      // Wrapped to the width (80 columns into a pipe), under its quirk's name.
      expect(result.stdout).toContain(`\n  ${name}\n      ${quirk.seen.split(' ')[0]}`);
      expect(result.stdout.replace(/\s+/g, ' ')).toContain(` ${name} ${quirk.seen.replace(/\s+/g, ' ')}`);
    }
  });

  it('refuses an unknown quirk with one line and exit 2', async () => {
    const result = await runCli(['emulator', '--quirk', 'resume-free']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `gemtoken: --quirk: unknown quirk "resume-free" (known: ${Object.keys(QUIRKS).join(', ')})`,
    );
    expect(result.stdout).toBe('');
  });
});
