// Issue 10: children inherit no secrets. talk, doctor and devices run on real ALSA (test/helpers/alsa.ts)
// with spy wrappers first on PATH: `arecord` and `aplay` write their argv and environment to a file,
// then exec the real program (so pv, behind the pacing wrapper, gets the same environment); node
// children (doctor's playback probe) are caught by a NODE_OPTIONS --require hook doing the same.
// The canary key, and every other secret-looking variable, must appear in none of them.

import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { alsaAvailable, createAlsaSandbox, testPcm, type AlsaSandbox } from '../helpers/alsa.js';
import { startEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { silence16k, tone16k } from '../helpers/live-client.js';
import { expectNoProcessLeft } from '../helpers/processes.js';
import { commandPath } from '../helpers/tools.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

const skip = alsaAvailable();
const OTHER_SECRET = 'ghp_CanaryGithubToken0123456789abcdefABCD';

interface Dump {
  readonly file: string;
  readonly argv: string;
  readonly env: string;
}

interface SpyBox {
  readonly box: AlsaSandbox;
  readonly env: Record<string, string | undefined>;
  dumps(): Dump[];
}

const boxes: AlsaSandbox[] = [];
afterEach(async () => {
  for (const box of boxes.splice(0)) {
    await expectNoProcessLeft(box.home);
    box.cleanup();
  }
});

function spyBox(capture: Buffer, paced: boolean): SpyBox {
  const box = createAlsaSandbox(capture, { paced: false });
  boxes.push(box);
  const dumpDir = path.join(box.home, 'dumps');
  mkdirSync(dumpDir);
  const spy = (program: string, exec: string): void => {
    const file = path.join(box.binDir, program);
    writeFileSync(file, `#!/usr/bin/env bash\n{ printf 'argv:'; printf ' %q' "$@"; printf '\\n'; env; } > "${dumpDir}/${program}-$$"\n${exec}\n`);
    chmodSync(file, 0o755);
  };
  const arecord = commandPath('arecord') ?? '/usr/bin/arecord';
  spy('arecord', paced ? `exec ${arecord} "$@" > >(exec pv -qL 32000)` : `exec ${arecord} "$@"`);
  spy('aplay', `exec ${commandPath('aplay') ?? '/usr/bin/aplay'} "$@"`);
  const hook = path.join(box.home, 'dump-node.cjs');
  writeFileSync(
    hook,
    `require('fs').writeFileSync(${JSON.stringify(dumpDir)} + '/node-' + process.pid, 'argv: ' + JSON.stringify(process.argv) + '\\n' + Object.entries(process.env).map(([k, v]) => k + '=' + v).join('\\n'));\n`,
  );
  return {
    box,
    env: { ...box.env, NODE_OPTIONS: `--require ${hook}`, GEMINI_API_KEY: CANARY_KEY, GOOGLE_API_KEY: CANARY_KEY, GITHUB_TOKEN: OTHER_SECRET },
    dumps: () =>
      readdirSync(dumpDir).map((name) => {
        const text = readFileSync(path.join(dumpDir, name), 'utf8');
        const newline = text.indexOf('\n');
        return { file: name, argv: text.slice(0, newline), env: text.slice(newline + 1) };
      }),
  };
}

/** Every child's argv and environment; the top-level gemtoken (argv `doctor --json` etc.) holds the key by design. */
function childOutputs(spy: SpyBox, topLevel: (argv: string) => boolean): Record<string, string> {
  const children = spy.dumps().filter((d) => !(d.file.startsWith('node-') && topLevel(d.argv)));
  return Object.fromEntries(children.flatMap((d) => [[`${d.file} argv`, d.argv], [`${d.file} env`, d.env]]));
}

function expectNoSecrets(outputs: Record<string, string>): void {
  expectNoCanary(outputs);
  expectNoCanary(outputs, OTHER_SECRET);
}

describe.skipIf(skip !== undefined)('children inherit no secrets (real ALSA)', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator(['--api-key', CANARY_KEY]);
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('doctor: arecord (capture check) and the playback probe child get no key', async () => {
    const spy = spyBox(testPcm(32_000), false);
    const result = await runCli(['doctor', '--json'], { env: spy.env, timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    const children = childOutputs(spy, (argv) => !argv.includes('--probe-playback'));
    expect(Object.keys(children).some((k) => k.startsWith('arecord-')), 'arecord ran').toBe(true);
    expect(spy.dumps().some((d) => d.argv.includes('--probe-playback')), 'the playback probe ran').toBe(true);
    expect(Object.values(children).join('\n')).toContain(`HOME=${spy.box.home}`);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, ...children });
  });

  it('devices: arecord -L and aplay -L get no key', async () => {
    const spy = spyBox(testPcm(3200), false);
    const result = await runCli(['devices', '--json'], { env: spy.env });
    expect(result.code).toBe(0);
    const children = childOutputs(spy, () => true);
    expect(Object.keys(children).filter((k) => k.endsWith(' argv')).sort()).toEqual([expect.stringMatching(/^aplay-/), expect.stringMatching(/^arecord-/)]);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, ...children });
  });

  it('talk: the microphone child (arecord, and pv behind it) gets no key and no token', async () => {
    const spy = spyBox(Buffer.concat([silence16k(300), tone16k(800), silence16k(4000)]), true);
    // GOOGLE_API_KEY stays unset here: with both set, the SDK prints a warning of its own on stderr.
    const result = await runCli(['talk', '--once', '--events', '--no-speaker'], { env: { ...spy.env, GOOGLE_API_KEY: undefined, GEMTOKEN_BASE_URL: emu.baseUrl }, timeoutMs: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const children = childOutputs(spy, () => true);
    expect(Object.keys(children).some((k) => k.startsWith('arecord-')), 'arecord ran').toBe(true);
    expect(Object.values(children).join('\n')).not.toMatch(/auth_tokens\//);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, emulatorLog: emu.log(), ...children });
  });
});

describe('childEnv (pure)', async () => {
  const { childEnv } = await import('../../src/child-env.js');
  it('drops the key variables and anything named like a secret, keeps the rest', () => {
    const env = childEnv({
      GEMINI_API_KEY: 'k', google_api_key: 'k', GEMTOKEN_TOKEN: 't', GEMINI_EPHEMERAL_TOKEN: 't', GITHUB_TOKEN: 't', NPM_AUTHTOKEN: 't',
      'npm_config_//registry.npmjs.org/:_authToken': 't', AWS_SECRET_ACCESS_KEY: 's', CLIENTSECRET: 's', DB_PASSWORD: 'p',
      GEMTOKEN_BASE_URL: 'http://x', HOME: '/h', PATH: '/bin', XDG_RUNTIME_DIR: '/run', UNSET: undefined,
    });
    expect(env).toEqual({ GEMTOKEN_BASE_URL: 'http://x', HOME: '/h', PATH: '/bin', XDG_RUNTIME_DIR: '/run' });
  });
});
