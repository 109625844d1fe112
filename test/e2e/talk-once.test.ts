// `talk --once` as a contract a script can trust (built binary, emulator): exit 0 only when the
// model completed its turn after the input; a reply cut by a dropped connection (`--fault
// live:drop`), a scenario's close before the answer and the quit key each fail with one line and
// their code (5, 5, 130). With --text/--input no keys are read: what is typed or pasted after the
// command stays for the shell. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli, scrubbedEnv, type RunResult } from '../helpers/cli.js';
import { createAlsaSandbox, alsaAvailable, type AlsaSandbox } from '../helpers/alsa.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { silence16k } from '../helpers/live-client.js';
import { requirePty, requireTools } from '../helpers/tools.js';
import { baseEnv } from './talk-helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-talk-once-'));
let dropping: EmulatorHandle;
let closing: EmulatorHandle;
let slow: EmulatorHandle;

beforeAll(async () => {
  const closeFirst = path.join(dir, 'close-first.yaml');
  writeFileSync(closeFirst, 'turns:\n  - expect: anything\n    model:\n      close: {code: 1000, reason: "bye"}\n');
  const slowReply = path.join(dir, 'slow.yaml');
  writeFileSync(
    slowReply,
    'turns:\n  - expect: anything\n    model: {reply: "Here it is.", firstChunkDelayMs: 3000}\n',
  );
  [dropping, closing, slow] = await Promise.all([
    spawnEmulator(['--fault', 'live:drop']),
    spawnEmulator(['--scenario', closeFirst]),
    spawnEmulator(['--scenario', slowReply]),
  ]);
});
afterAll(async () => {
  await Promise.all([dropping?.stop(), closing?.stop(), slow?.stop()]);
});

const talk = (emu: EmulatorHandle, args: readonly string[]): Promise<RunResult> =>
  runCli(['talk', '--once', '--no-speaker', ...args], { env: baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]! }) });

function expectOneLine(result: RunResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(hasStackTrace(result)).toBe(false);
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('gemtoken:') || line.startsWith('hint:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('talk --once exits 0 only after a complete answer', () => {
  it('a reply cut by a dropped connection (live:drop) and not completed after the resume: exit 5, one line', async () => {
    const result = await talk(dropping, ['--text', 'tell me something']);
    expectOneLine(
      result,
      5,
      /^gemtoken: the model's reply was cut \(the connection dropped: close 1011 "Internal error encountered\."\) and was not completed after the resume \(--once\)$/,
    );
  });

  it("a scenario's close 1000 before the model answers: exit 5, one line naming the close", async () => {
    const result = await talk(closing, ['--text', 'hi']);
    expectOneLine(
      result,
      5,
      /^gemtoken: the server ended the session before the model answered \(--once\): close 1000 "bye"$/,
    );
  });
});

const ptySkip = requirePty() ?? requireTools(['bash'], 'apt-get install bash');
const q = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/** `shell` run by bash on a pseudo-terminal; everything it shows, and a way to type into it. */
function pty(shell: string, env: Record<string, string>) {
  const child = spawn('script', ['-qefc', `stty cols 100 rows 40; exec bash -c ${q(shell)}`, '/dev/null'], {
    cwd: dir,
    env: scrubbedEnv({ TERM: 'xterm-256color', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => (clearTimeout(timer), resolve(code))),
  );
  return { screen: () => screen.replace(/\r/g, ''), write: (keys: string) => child.stdin.write(keys), closed };
}

describe.skipIf(ptySkip !== undefined)('talk --once at a terminal', () => {
  it('with --text no key is read: a pasted "q" line waits for the shell, talk answers and exits 0', async () => {
    const command = [process.execPath, BIN, 'talk', '--text', 'hi', '--once', '--no-speaker'].map(q).join(' ');
    const term = pty(`${command}; echo EXIT:$?; read -r -t 20 line; echo "SHELL GOT:$line"`, {
      ...baseEnv(slow, { GEMINI_API_KEY: slow.apiKeys[0]! }),
    });
    // Typed while the model is still silent (the scenario's reply waits 3 s): a key reader would take the q.
    await expect.poll(() => term.screen(), { timeout: 20_000 }).toMatch(/connected: /);
    term.write('q\r');
    expect(await term.closed).toBe(0);
    const screen = term.screen();
    // The reply is drawn as it arrives (live transcript), word by word; the echo of the pasted line
    // moves the cursor under it, so look for the words in order rather than at one screen position.
    expect(screen.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '')).toMatch(
      /gemini: Here [\s\S]*it [\s\S]*is\./,
    );
    expect(screen).toContain('EXIT:0');
    expect(screen).toContain('SHELL GOT:q');
  });
});

const alsaSkip = ptySkip ?? alsaAvailable();
const boxes: AlsaSandbox[] = [];
afterEach(() => boxes.splice(0).forEach((box) => box.cleanup()));

describe.skipIf(alsaSkip !== undefined)('talk --once from the microphone at a terminal', () => {
  it('the quit key before the answer: exit 130, one line', async () => {
    const box = createAlsaSandbox(silence16k(60_000));
    boxes.push(box);
    const command = [process.execPath, BIN, 'talk', '--once', '--no-speaker'].map(q).join(' ');
    const term = pty(`${command}; echo EXIT:$?`, {
      ...baseEnv(slow, { GEMINI_API_KEY: slow.apiKeys[0]! }),
      ...box.env,
    });
    await expect.poll(() => term.screen(), { timeout: 20_000 }).toMatch(/q quit/);
    term.write('q');
    await term.closed;
    const screen = term.screen();
    expect(screen).toContain('EXIT:130');
    expect(screen.split('\n').filter((line) => /gemtoken:/.test(line))).toEqual([
      expect.stringMatching(/gemtoken: quit before the model answered \(--once\)$/),
    ]);
  });
});
