// `t` at a real pseudo-terminal (util-linux `script`; built binary, emulator): a typed line that
// names a picture (quoted, as a terminal's drag-and-drop pastes it) shows the picture, and the
// question typed after it is answered about it. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { jpegHeader } from '../helpers/images.js';
import { renderScreen } from '../helpers/screen.js';
import { requirePty, requireTools } from '../helpers/tools.js';
import { baseEnv } from './talk-helpers.js';

const skip = requirePty() ?? requireTools(['bash', 'stty'], 'apt-get install bash coreutils');
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-typed-picture-'));
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const q = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/** talk with `args` on a 100x40 pseudo-terminal; the test types into it. */
function talkAtTerminal(args: readonly string[]) {
  const shell = [process.execPath, BIN, 'talk', ...args].map(q).join(' ');
  const child = spawn('script', ['-qefc', `stty cols 100 rows 40; exec bash -c ${q(shell)}`, '/dev/null'], {
    cwd: dir,
    env: scrubbedEnv({ ...baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]! }), TERM: 'xterm-256color' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => (clearTimeout(timer), resolve(code))),
  );
  // What a person sees, its rows joined (a long warning wraps at 100 columns).
  return {
    screen: () => renderScreen(screen, 100).join(''),
    write: (keys: string) => child.stdin.write(keys),
    closed,
  };
}

describe.skipIf(skip !== undefined)('t at a terminal: typing a path shows a picture', () => {
  it('a quoted path to a JPEG is sent as a frame, and the next question is answered about it', async () => {
    const photo = path.join(dir, 'my photo.jpg');
    writeFileSync(photo, jpegHeader(640, 480));
    writeFileSync(path.join(dir, 'notes.txt'), 'just words\n');
    const term = talkAtTerminal(['--text', 'hello', '--no-speaker']);
    await expect.poll(() => term.screen(), { timeout: 20_000 }).toMatch(/gemini: [^\n]*\S/);
    // A file that is not a picture: one warning, nothing sent.
    term.write('t');
    term.write(`${path.join(dir, 'notes.txt')}\r`);
    await expect.poll(() => term.screen(), { timeout: 15_000 }).toMatch(/notes\.txt is not a picture.*nothing sent/);
    term.write('t');
    term.write(`'${photo}'\r`);
    await expect.poll(() => term.screen(), { timeout: 15_000 }).toMatch(/you: \[picture my photo\.jpg 640×480 JPEG\]/);
    term.write('t');
    term.write('what is this?\r');
    await expect.poll(() => term.screen(), { timeout: 20_000 }).toMatch(/I saw 1 frame of 640×480 JPEG/);
    term.write('q');
    expect(await term.closed, term.screen()).toBe(0);
  });
});
