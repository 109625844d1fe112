// `gemtoken conformance` at a terminal says what it will spend and asks before sending anything:
// "no" sends nothing (exit 130), "yes" runs the probes. Driven through a real pseudo-terminal
// (util-linux `script`) against the emulator. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll, type EmulatorHandle } from '../helpers/emulator.js';
import { requirePty } from '../helpers/tools.js';

const emulator = emulatorsStoppedAfterAll();
const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const strip = (text: string): string => text.replace(CSI, '').replace(/\r/g, '');

function answer(emu: EmulatorHandle, keys: string): Promise<{ code: number | null; screen: string }> {
  const args = ['conformance', '--base-url', emu.baseUrl, '--only', 'mask:index'];
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qefc', `stty cols 200 rows 40; exec ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    env: scrubbedEnv({ TERM: 'xterm-256color', GEMINI_API_KEY: emu.apiKeys[0]! }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    if (!sent && /Run the probes\?/.test(strip(screen))) {
      sent = true;
      child.stdin.write(keys);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen: strip(screen) });
    });
  });
}

const minted = async (emu: EmulatorHandle): Promise<number> =>
  (
    (await (
      await fetch(`${emu.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } })
    ).json()) as { tokens: unknown[] }
  ).tokens.length;

describe.skipIf(requirePty())('conformance asks at a terminal', () => {
  it('says the spend, and "n" sends nothing: exit 130', async () => {
    const emu = await emulator();
    const { code, screen } = await answer(emu, 'n\r');
    expect(screen).toMatch(/1 probe, 1 token minted, 0 Live sessions/);
    expect(screen).toMatch(/cancelled: nothing was sent/);
    expect(code, screen).toBe(130);
    expect(await minted(emu)).toBe(0);
  }, 30_000);

  it('"y" runs the probes and prints the table', async () => {
    const emu = await emulator();
    const { code, screen } = await answer(emu, 'y\r');
    expect(screen).toMatch(/mask:index\s+refused\s+refused\s+refused\s+yes/);
    expect(code, screen).toBe(0);
    expect(screen).not.toContain(emu.apiKeys[0]!);
  }, 30_000);
});
