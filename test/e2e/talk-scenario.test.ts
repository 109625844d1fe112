// A scenario mistake seen from talk (built binary, emulator --scenario): the turn the script does not
// expect ends talk with one line naming what was expected and what was sent (quoted, printable), and
// the scenario's hint instead of one about --modality; it is not resumed, even when the quoted text
// reads like a token close. The emulator's log has the whole reason. Run `npm run build` first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv } from './talk-helpers.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-talk-scenario-')), 'weather.yaml');
  writeFileSync(file, 'turns:\n  - expect: {text: weather}\n    model: {reply: "Sunny."}\n');
  emu = await spawnEmulator(['--scenario', file]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('talk against a scenario it does not follow', () => {
  it('one line naming expected and received, the scenario hint, exit 4, no resume', async () => {
    const text = 'is my token expired? \x1b[31mwhat is the time';
    const result = await runCli(['talk', '--text', text, '--once', '--no-speaker'], {
      env: baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]! }),
    });
    expect(result.code, result.stderr).toBe(4);
    expect(hasStackTrace(result)).toBe(false);
    const lines = result.stderr.split('\n').filter((line) => /^(gemtoken|hint):/.test(line));
    expect(lines).toEqual([
      `gemtoken: the emulator's scenario refused the session: close 1007 "scenario weather.yaml: turn 0 expected text "weather", got text "is my token expired? what is the time""`,
      expect.stringMatching(/^hint: change what you send, or the scenario file's turn/),
    ]);
    expect(result.stderr).not.toMatch(/resum|--modality/);
    await expect.poll(() => emu.log()).toMatch(/live\.scenario session=\S+ reason=scenario weather\.yaml: turn 0 /);
  });
});
