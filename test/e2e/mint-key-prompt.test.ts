// `gemtoken mint` with no API key at a terminal asks for it with a hidden prompt, and so
// does `gemtoken talk` when it has no token either and must mint one. Driven through a real
// pseudo-terminal (util-linux `script`) against the emulator. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { requirePty } from '../helpers/tools.js';
import { requestCount, resetEmulator } from './mint-helpers.js';

const KEY = 'e2e-key-prompt-0123456789abcdef';
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', KEY]);
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => resetEmulator(emu));

const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const strip = (text: string): string => text.replace(CSI, '').replace(/\r/g, '');

/** The binary on a pseudo-terminal with no key in its environment; `keys` go in once the prompt shows. */
function runAtPrompt(args: string[], keys: string): Promise<{ code: number | null; screen: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qefc', `stty cols 100 rows 40; exec ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    env: scrubbedEnv({ TERM: 'xterm-256color' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    if (!sent && /Gemini API key/.test(strip(screen))) {
      sent = true;
      child.stdin.write(keys);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen: strip(screen) });
    });
  });
}

describe.skipIf(requirePty())('mint asks for the API key at a terminal', () => {
  it('the typed key mints a token and is never shown', async () => {
    const { code, screen } = await runAtPrompt(['mint', '--base-url', emu.baseUrl, '--output', 'name'], `${KEY}\r`);
    expect(code, screen).toBe(0);
    // The spinner shares the terminal, so the token need not start its line.
    expect(screen).toMatch(/auth_tokens\/[\w-]{8,}/);
    expect(screen).not.toContain(KEY);
    expect(await requestCount(emu)).toBe(1);
  });

  it('Ctrl-C at the key prompt: exit 130, one line, nothing sent', async () => {
    const { code, screen } = await runAtPrompt(['mint', '--base-url', emu.baseUrl], '\x03');
    expect(code, screen).toBe(130);
    expect(screen).toMatch(/^gemtoken: interrupted$/m);
    expect(screen).not.toMatch(/internal error/);
    expect(screen).not.toMatch(/^\s+at /m);
    expect(await requestCount(emu)).toBe(0);
  });
});

describe.skipIf(requirePty())('talk asks for the API key at a terminal when it has no token', () => {
  it('the typed key mints the single-use token, the session runs, the key is never shown', async () => {
    const { code, screen } = await runAtPrompt(
      ['talk', '--base-url', emu.baseUrl, '--text', 'hello', '--once', '--no-speaker'],
      `${KEY}\r`,
    );
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/Gemini API key/);
    // The reply is drawn word by word as it arrives (live transcript), around the status line.
    expect(screen).toMatch(/gemini: Turn [\s\S]*said: [\s\S]*hello/);
    expect(screen).not.toContain(KEY);
    expect(await requestCount(emu)).toBe(1);
  });

  it('Ctrl-C at the key prompt: exit 130, nothing minted', async () => {
    const { code, screen } = await runAtPrompt(
      ['talk', '--base-url', emu.baseUrl, '--text', 'hello', '--once'],
      '\x03',
    );
    expect(code, screen).toBe(130);
    expect(screen).toMatch(/^gemtoken: interrupted$/m);
    expect(await requestCount(emu)).toBe(0);
  });
});
