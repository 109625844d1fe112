// `gemtoken conformance` against the emulator, built binary: the observed emulator matches the
// observed profile (exit 0); with one quirk flipped the report names exactly that behaviour (exit 1);
// --write-profile writes what was seen, which matches that emulator again when compared with
// (--profile FILE) and makes an emulator that behaves the same (emulator --profile FILE).
// The emulators' connections last 3 s, so the lifetime probe is quick; the flips run side by side.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUIRKS } from '../../src/emulator/quirks.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll, type EmulatorHandle } from '../helpers/emulator.js';

const emulator = emulatorsStoppedAfterAll();
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-conformance-'));
const UNPROBED = 'resume-loses-context';

interface Doc {
  ok: boolean;
  differing: string[];
  rows: Array<{ behaviour: string; observed: string; match: boolean | null; evidence: string }>;
}

async function conformance(emu: EmulatorHandle, args: string[] = []) {
  const result = await runCli(['conformance', '--json', '--yes', '--timeout', '10s', ...args], {
    env: { GEMINI_API_KEY: emu.apiKeys[0]!, GEMTOKEN_BASE_URL: emu.baseUrl },
    timeoutMs: 60_000,
  });
  expect(hasStackTrace(result)).toBe(false);
  return { ...result, doc: JSON.parse(result.stdout) as Doc };
}

const quick = (...more: string[]) => emulator(['--connection-lifetime', '3s', ...more]);

describe('gemtoken conformance against the emulator', () => {
  it('the observed emulator matches the observed profile: exit 0, every row but the unprobed one matched', async () => {
    const emu = await quick();
    const { code, doc, stderr } = await conformance(emu);
    expect(doc.differing).toEqual([]);
    expect(doc.ok).toBe(true);
    expect(code).toBe(0);
    expect(doc.rows.filter((row) => row.match === null).map((row) => row.behaviour)).toEqual([UNPROBED]);
    expect(doc.rows.map((row) => row.behaviour)).toEqual(
      expect.arrayContaining(['mask:nested', 'mask:index', 'token:uses', 'token:expired', 'token:bogus']),
    );
    // The token rows' evidence is the close the emulator sent.
    const evidence = (name: string) => doc.rows.find((row) => row.behaviour === name)?.evidence;
    expect(evidence('token:uses')).toMatch(/close 1011 "Token has been used too many times"/);
    expect(evidence('token:new-session-window')).toMatch(/close 1011 "new_session_expire_time deadline exceeded"/);
    expect(evidence('token:bogus')).toMatch(/close 1008 /);
    // What it spends is said before anything is sent; never the key.
    expect(stderr).toMatch(/15 tokens minted, 13 Live sessions/);
    expect(`${stderr}${JSON.stringify(doc)}`).not.toContain(emu.apiKeys[0]!);
  }, 90_000);

  const flips = (Object.keys(QUIRKS) as (keyof typeof QUIRKS)[]).filter((name) => name !== UNPROBED);
  it.concurrent.each(flips)(
    '%s flipped: the report names exactly it, exit 1',
    async (name) => {
      const emu = await quick('--quirk', `${name}=${QUIRKS[name].observed ? 'off' : 'on'}`);
      const file = path.join(dir, `${name}.json`);
      const { code, doc } = await conformance(emu, ['--write-profile', file]);
      expect(doc.differing).toEqual([name]);
      expect(code).toBe(1);
      // What was written describes this emulator: compared with it, everything matches.
      const written = JSON.parse(readFileSync(file, 'utf8'));
      expect(written.format).toBe('gemtoken-profile/1');
      expect(written.quirks[name]).toBe(!QUIRKS[name].observed);
      const again = await conformance(emu, ['--profile', file, '--only', name]);
      expect(again.doc.differing).toEqual([]);
      expect(again.code).toBe(0);
    },
    120_000,
  );

  it('bad input is exit 2 (before anything is sent, but for an unwritable --write-profile); no --yes off a terminal is exit 2', async () => {
    const emu = await quick();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'gemtoken-profile/1', quirks: { 'no-such-quirk': true } }));
    const env = { GEMINI_API_KEY: emu.apiKeys[0]!, GEMTOKEN_BASE_URL: emu.baseUrl };
    for (const args of [
      ['--yes', '--profile', bad],
      ['--yes', '--only', 'no-such-behaviour'],
      ['--yes', '--only', 'resume-loses-context'],
      ['--yes', '--write-profile', path.join(dir, 'no-such-dir', 'p.json'), '--only', 'mask:top-level'],
      [],
    ]) {
      const result = await runCli(['conformance', ...args], { env });
      expect(result.code).toBe(2);
      expect(hasStackTrace(result)).toBe(false);
      expect(result.stdout).toBe('');
      if (args.length === 0) expect(result.stderr).toMatch(/pass --yes/);
    }
    const tokens = (await (
      await fetch(`${emu.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } })
    ).json()) as { tokens: unknown[] };
    // Only the --write-profile run sent anything (one mint): its file could not be written, exit 2, no report.
    expect(tokens.tokens).toHaveLength(1);
  }, 60_000);

  it('a refused key is exit 3, a service nobody answers for exit 5', async () => {
    const emu = await quick();
    const refused = await runCli(['conformance', '--yes', '--only', 'mask:index'], {
      env: { GEMINI_API_KEY: 'not-the-key', GEMTOKEN_BASE_URL: emu.baseUrl },
    });
    expect(refused.code).toBe(3);
    expect(hasStackTrace(refused)).toBe(false);
    await emu.stop();
    const gone = await runCli(['conformance', '--yes', '--only', 'mask:index'], {
      env: { GEMINI_API_KEY: 'some-key', GEMTOKEN_BASE_URL: emu.baseUrl },
    });
    expect(gone.code).toBe(5);
    expect(hasStackTrace(gone)).toBe(false);
  }, 30_000);
});
