// Children get an allow-list environment. talk runs on real ALSA with a spy
// `arecord` (spy-children.ts), a --token-command that mints through the emulator and a
// --tool-command answering the call a --scenario makes the model send; the environment holds
// secrets under names no pattern would know. None of the three children may see any of them, and
// each must see the variable passed with --pass-env.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { alsaAvailable } from '../helpers/alsa.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { silence16k, tone16k } from '../helpers/live-client.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';
import { spyBox } from './spy-children.js';

const skip = alsaAvailable();
/** The names: a name filter let every one of them through. */
const SECRETS: Record<string, string> = {
  DB_PASS: 'db-pass-canary-1',
  GITHUB_PAT: 'github-pat-canary-2',
  MY_SECRETS: 'my-secrets-canary-3',
  API_KEYS: 'api-keys-canary-4',
  GEMINI_API_KEY2: 'gemini-key2-canary-5',
  AUTH: 'auth-canary-6',
  BEARER: 'bearer-canary-7',
};
const PASSED = { HANDLER_SETTING: 'passed-on-by-name' };

describe.skipIf(skip !== undefined)("talk's children get the allow-list, plus --pass-env (real ALSA)", () => {
  let emu: EmulatorHandle;
  const work = mkdtempSync(path.join(tmpdir(), 'gemtoken-allow-list-'));
  beforeAll(async () => {
    // The model calls get_time on the first turn, whatever was said.
    const scenario = path.join(work, 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        turns: [{ expect: 'anything', model: { toolCall: { name: 'get_time', args: {} }, reply: 'It is noon.' } }],
      }),
    );
    emu = await spawnEmulator(['--api-key', CANARY_KEY, '--scenario', scenario]);
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('arecord, --token-command and --tool-command see none of DB_PASS, GITHUB_PAT, MY_SECRETS, API_KEYS, GEMINI_API_KEY2, AUTH, BEARER', async () => {
    const spy = spyBox(Buffer.concat([silence16k(300), tone16k(800), silence16k(4000)]), true);
    const dir = spy.box.home;
    writeFileSync(path.join(dir, 'tools.json'), JSON.stringify([{ name: 'get_time' }]));
    writeFileSync(path.join(dir, 'key.txt'), `${CANARY_KEY}\n`, { mode: 0o600 });
    const script = (name: string, body: string): string => {
      writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(dir, name), 0o755);
      return `./${name}`;
    };
    // Both dump their environment where the spies do; the token command mints with a key file, at
    // the base URL talk sets for it (GEMTOKEN_BASE_URL is talk's, not inherited).
    const tokenCommand = script(
      'token.sh',
      `env > "${spy.dumpDir}/token-command-$$"\nexec "${process.execPath}" "${BIN}" mint --output json --api-key-file key.txt`,
    );
    const toolCommand = script('tool.sh', `env > "${spy.dumpDir}/tool-command-$$"\necho '{"time":"noon"}'`);
    const result = await runCli(
      [
        'talk',
        '--once',
        '--events',
        '--no-speaker',
        '--tools',
        'tools.json',
        '--tool-command',
        toolCommand,
        '--token-command',
        tokenCommand,
        '--pass-env',
        'HANDLER_SETTING',
      ],
      {
        env: {
          ...spy.env,
          ...SECRETS,
          ...PASSED,
          GEMINI_API_KEY: undefined,
          GOOGLE_API_KEY: undefined,
          GEMTOKEN_BASE_URL: emu.baseUrl,
        },
        cwd: dir,
        timeoutMs: 40_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('"type":"toolResult"');
    const dumps = Object.fromEntries(
      readdirSync(spy.dumpDir)
        .filter((f) => !f.startsWith('node-'))
        .map((f) => [f, readFileSync(path.join(spy.dumpDir, f), 'utf8')]),
    );
    for (const kind of ['arecord-', 'token-command-', 'tool-command-'])
      expect(
        Object.keys(dumps).some((f) => f.startsWith(kind)),
        `${kind} ran`,
      ).toBe(true);
    for (const [file, text] of Object.entries(dumps)) {
      for (const [name, value] of Object.entries(SECRETS)) {
        expect(text, `${file} has ${name}`).not.toMatch(new RegExp(`^${name}=`, 'm'));
        expect(text, `${file} has the value of ${name}`).not.toContain(value);
      }
      expect(text, `${file} lacks the --pass-env'd variable`).toMatch(/^HANDLER_SETTING=passed-on-by-name$/m);
      expect(text).not.toMatch(/^NODE_OPTIONS=/m);
    }
    expect(dumps[Object.keys(dumps).find((f) => f.startsWith('token-command-'))!]).toContain(
      `GEMTOKEN_BASE_URL=${emu.baseUrl}`,
    );
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr, ...dumps });
  });
});

describe('--pass-env on the command line', () => {
  it.each([['talk', '--text', 'hi', '--no-speaker'], ['doctor'], ['devices'], ['demo']])(
    '%s --pass-env with no variable name: exit 2, one line, the value not echoed',
    async (...args) => {
      const result = await runCli([...args, '--pass-env', `${CANARY_KEY}=x`], { env: { GEMINI_API_KEY: CANARY_KEY } });
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(
        'gemtoken: --pass-env takes a variable name (letters, digits and _, not starting with a digit)',
      );
      expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
    },
  );
});
