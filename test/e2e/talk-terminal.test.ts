// `gemtoken talk` at a real pseudo-terminal (util-linux `script`; built binary, emulator), as a
// person meets it: the status line under NO_COLOR, its width after a resize (SIGWINCH),
// keys read from /dev/tty when stdin is a pipe (`mint | talk --token -`), and Ctrl-Z / `fg`.
// Run `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { renderScreen } from '../helpers/screen.js';
import { requirePty, requireTools } from '../helpers/tools.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { baseEnv } from './talk-helpers.js';

const skip = requirePty() ?? requireTools(['bash', 'stty'], 'apt-get install bash coreutils');
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-talk-terminal-'));
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const strip = (text: string): string => text.replace(CSI, '').replace(/\r/g, '\n');
const q = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;
const talkCommand = (args: readonly string[]): string => [process.execPath, BIN, 'talk', ...args].map(q).join(' ');

interface Pty {
  /** Everything written to the terminal so far (escape sequences kept). */
  raw(): string;
  write(keys: string): void;
  readonly closed: Promise<number | null>;
}

/** `shell` run by bash on a 100x40 pseudo-terminal; the test types into it. */
function pty(shell: string, env: Record<string, string>): Pty {
  const child = spawn('script', ['-qefc', `stty cols 100 rows 40; exec bash -c ${q(shell)}`, '/dev/null'], {
    cwd: dir,
    env: scrubbedEnv({
      ...baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]!, ACME_API_KEY: CANARY_KEY }),
      TERM: 'xterm-256color',
      ...env,
    }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => (clearTimeout(timer), resolve(code))),
  );
  return { raw: () => screen, write: (keys) => child.stdin.write(keys), closed };
}

/** The pid of the (only) child of `parent` running our binary. */
function talkPid(parent: number): number | undefined {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(BIN)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
const procState = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
};
const shellPid = (screen: string): number => Number(/SHELL:(\d+)/.exec(screen)![1]);
/** The status line last drawn: the text after the last "clear line". */
const lastLine = (raw: string): string => raw.slice(raw.lastIndexOf('\x1b[2K') + 4).split(/[\r\n]/)[0]!;

describe.skipIf(skip !== undefined)('talk at a terminal', () => {
  it('NO_COLOR=1 keeps the status line (plain) and the message> prompt', async () => {
    const term = pty(`${talkCommand(['--text', 'hi', '--no-speaker'])}`, { NO_COLOR: '1' });
    await expect.poll(() => strip(term.raw()), { timeout: 20_000 }).toMatch(/t type · q quit/);
    expect(term.raw()).not.toMatch(new RegExp(`${ESC}\\[3\\dm`));
    term.write('t');
    await expect.poll(() => lastLine(term.raw()), { timeout: 10_000 }).toMatch(/message> $/);
    term.write('what time');
    await expect.poll(() => lastLine(term.raw()), { timeout: 10_000 }).toMatch(/^\S.*message> what time$/);
    term.write('\r');
    await expect.poll(() => strip(term.raw()), { timeout: 15_000 }).toMatch(/you: .*what time/);
    term.write('q');
    expect(await term.closed, strip(term.raw())).toBe(0);
    expectNoCanary({ screen: term.raw() });
  });

  it('the typed line shows when sent and the reply grows as it arrives, above the status line', async () => {
    // A scenario's long reply, spoken at the emulator's real pace (a word every 200 ms): ~6 s.
    const reply = `${Array.from({ length: 30 }, (_, i) => `r${i}`).join(' ')} finale.`;
    const scenario = path.join(dir, 'long-reply.json');
    writeFileSync(scenario, JSON.stringify({ turns: [{ expect: 'anything', model: { reply } }] }));
    const long = await spawnEmulator(['--scenario', scenario, '--api-key', CANARY_KEY]);
    try {
      const term = pty(talkCommand(['--text', 'tell me a long story', '--no-speaker']), {
        NO_COLOR: '1',
        GEMTOKEN_BASE_URL: long.baseUrl,
        GEMINI_API_KEY: CANARY_KEY,
      });
      const screen = (): string[] => renderScreen(term.raw(), 100);
      // The reply's rows, up to the status line (the last row), joined as the terminal wrapped them.
      const shown = (rows = screen()): string => {
        const start = rows.findIndex((row) => row.startsWith('gemini: '));
        const text =
          start < 0
            ? ''
            : rows
                .slice(start, -1)
                .map((row) => row.padEnd(100))
                .join('');
        return text.replace(/\s+/g, ' ').trim();
      };
      await expect.poll(shown, { timeout: 20_000 }).toMatch(/^gemini: r0 r1 /);
      // Part of the reply is on screen while the rest is still on its way; the typed line came first.
      const early = screen();
      expect(shown(early)).not.toContain('finale');
      expect(early.at(-1)).toMatch(/t type · q quit$/); // the status line, below the reply (its phase is sampled every 100 ms)
      const you = early.findIndex((row) => row.startsWith('you: '));
      expect(early[you]).toBe('you: tell me a long story');
      expect(you).toBeLessThan(early.findIndex((row) => row.startsWith('gemini: ')));
      await expect.poll(shown, { timeout: 20_000 }).toBe(`gemini: ${reply}`);
      term.write('q');
      expect(await term.closed, strip(term.raw())).toBe(0);
      // Shown once: the end of the turn added nothing.
      expect(screen().filter((row) => /^(you|gemini): /.test(row))).toEqual([
        'you: tell me a long story',
        expect.stringMatching(/^gemini: r0 r1 /),
      ]);
      expectNoCanary({ screen: term.raw() });
    } finally {
      await long.stop();
    }
  });

  it('CI=1 with TERM=dumb: the status line is still there, drawn without escape sequences', async () => {
    const term = pty(`${talkCommand(['--text', 'hi', '--no-speaker'])}`, { CI: '1', TERM: 'dumb' });
    await expect
      .poll(() => strip(term.raw()), { timeout: 20_000 })
      .toMatch(/ready {2}token \d+:\d\d {2}echo off {2}t type · q quit/);
    term.write('q');
    expect(await term.closed).toBe(0);
    expect(term.raw()).not.toContain(ESC);
  });

  it('a resize (SIGWINCH) clears what the narrower terminal rewrapped and redraws within the new width', async () => {
    const term = pty(`echo SHELL:$$; ${talkCommand(['--text', 'hi', '--no-speaker'])}; echo EXIT:$?`, {});
    // The reply to --text first (its lines move the status line), then the status line redrawn in full.
    await expect.poll(() => strip(term.raw()), { timeout: 20_000 }).toMatch(/gemini: [^\n]*\n[\s\S]*t type · q quit/);
    await expect.poll(() => lastLine(term.raw()), { timeout: 10_000 }).toMatch(/q quit$/);
    const pid = talkPid(shellPid(term.raw()))!;
    const tty = readlinkSync(`/proc/${pid}/fd/2`);
    const before = lastLine(term.raw());
    expect(before.length).toBeGreaterThan(40);
    const mark = term.raw().length;
    expect(spawnSync('stty', ['-F', tty, 'cols', '40']).status).toBe(0);
    // Up to the first row the old line was rewrapped onto, then clear to the end of the screen.
    await expect.poll(() => term.raw().slice(mark), { timeout: 10_000 }).toContain(`${ESC}[1A\r${ESC}[J`);
    await expect.poll(() => lastLine(term.raw()).length, { timeout: 10_000 }).toBeLessThanOrEqual(39);
    expect(lastLine(term.raw())).toMatch(/q quit$/);
    term.write('q');
    expect(await term.closed).toBe(0);
  });

  it('stdin is a pipe (mint | talk --token -): keys come from /dev/tty, q quits, the terminal is restored', async () => {
    const mint = await runCli(['mint', '--output', 'name'], { env: baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]! }) });
    expect(mint.code).toBe(0);
    writeFileSync(path.join(dir, 'token'), mint.stdout);
    const term = pty(
      `cat token | ${talkCommand(['--token', '-', '--text', 'hi', '--no-speaker'])}; echo EXIT:$?; stty -a`,
      {},
    );
    await expect.poll(() => strip(term.raw()), { timeout: 20_000 }).toMatch(/t type · q quit/);
    term.write('t');
    await expect.poll(() => lastLine(term.raw()), { timeout: 10_000 }).toMatch(/message> $/);
    term.write('\x1bq');
    const screen = strip(await term.closed.then(() => term.raw()));
    expect(screen).toContain('EXIT:0');
    // Raw mode was set through /dev/tty and is off again after talk.
    expect(screen).toMatch(/ icanon /);
    expect(screen).toMatch(/ echo /);
    expect(screen).not.toContain(mint.stdout.trim());
  });

  it('Ctrl-Z stops talk with the terminal restored; fg continues it, keys and status line back', async () => {
    const shell = `set -m; echo SHELL:$$; ${talkCommand(['--text', 'hi', '--no-speaker'])}; echo STOPPED:$?; while [ ! -f go ]; do sleep 0.05; done; fg; echo EXIT:$?`;
    const term = pty(shell, {});
    await expect.poll(() => strip(term.raw()), { timeout: 20_000 }).toMatch(/t type · q quit/);
    const pid = talkPid(shellPid(term.raw()))!;
    const tty = readlinkSync(`/proc/${pid}/fd/2`);
    term.write('tabc');
    await expect.poll(() => lastLine(term.raw()), { timeout: 10_000 }).toMatch(/message> abc$/);
    term.write('\x1a');
    await expect.poll(() => procState(pid), { timeout: 10_000 }).toBe('T');
    await expect.poll(() => strip(term.raw()), { timeout: 10_000 }).toContain('STOPPED:148');
    const stty = spawnSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' }).stdout;
    expect(stty).toMatch(/ icanon /);
    expect(stty).toMatch(/ echo /);
    const mark = term.raw().length;
    writeFileSync(path.join(dir, 'go'), '');
    // The half-typed message is still there, and the keys go on with it.
    await expect.poll(() => lastLine(term.raw().slice(mark)), { timeout: 10_000 }).toMatch(/message> abc$/);
    expect(procState(pid)).not.toBe('T');
    term.write('d\r');
    await expect.poll(() => strip(term.raw().slice(mark)), { timeout: 15_000 }).toMatch(/you: .*abcd/);
    await expect.poll(() => strip(term.raw().slice(mark)), { timeout: 10_000 }).toMatch(/t type · q quit/);
    term.write('q');
    expect(await term.closed, strip(term.raw())).toBe(0);
    expect(strip(term.raw())).toContain('EXIT:0');
    expect(existsSync(path.join(dir, 'go'))).toBe(true);
  });
});
