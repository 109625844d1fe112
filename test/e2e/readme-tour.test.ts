// The README's keyless tour, pasted block by block into ONE interactive bash at a pseudo-terminal
// (util-linux `script`), as a newcomer would: no API key and no GEMTOKEN_BASE_URL in the
// environment, `gemtoken` on PATH as the built binary, a microphone (ALSA file plugin) that speaks
// the demo's question. Each block is typed exactly as written; a block ending in a listening `talk`
// gets Ctrl-C once the reply is on screen. After each block the test types its own `printf` of the
// block's exit status (never while talk reads keys). Run `npm run build` first.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionPcm } from '../../src/commands/demo/question-audio.js';
import { alsaAvailable, createAlsaSandbox, type AlsaSandbox } from '../helpers/alsa.js';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';
import { processesWithEnv } from '../helpers/processes.js';
import { commandLines, fileBlocks, isInteractiveTalk, type Block } from '../helpers/readme-blocks.js';
import { requirePty, requireTools } from '../helpers/tools.js';

const TOUR = '## A tour without an API key';
const WAIT_MS = 90_000;
const skip = requirePty() ?? alsaAvailable() ?? requireTools(['bash', 'stty'], 'apt-get install bash coreutils');

/** The ```sh blocks of the tour's section, in order. */
function tourBlocks(): Block[] {
  const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const lines = text.split('\n');
  const start = lines.indexOf(TOUR) + 1;
  const end = lines.findIndex((line, index) => index >= start && line.startsWith('## '));
  expect(start, `README.md has a "${TOUR}" section`).toBeGreaterThan(0);
  return fileBlocks('README.md', text).filter((b) => b.lang === 'sh' && b.line > start && b.line <= end);
}

const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
/** What a person reads: escape sequences out, carriage returns as line ends. */
const readable = (raw: string): string => raw.replace(CSI, '').replace(/\r\n?/g, '\n');

describe.skipIf(skip !== undefined)("the README's keyless tour at a terminal", () => {
  let work: string;
  let box: AlsaSandbox;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'gemtoken-tour-'));
    box = createAlsaSandbox(questionPcm());
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'gemtoken'),
      `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
    );
    chmodSync(path.join(bin, 'gemtoken'), 0o755);
    mkdirSync(path.join(work, 'home-dir'));
  });
  afterAll(() => {
    box?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('each block pasted into one bash works: demo, emulator + talk (Ctrl-C), the serve page, then stopping both', async () => {
    const blocks = tourBlocks();
    expect(blocks.length, 'the tour has blocks').toBeGreaterThanOrEqual(3);
    const cwd = path.join(work, 'home-dir');
    const env = scrubbedEnv({
      HOME: box.home,
      PATH: `${path.join(work, 'bin')}:${box.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      TMPDIR: work,
      TERM: 'xterm-256color',
      PS1: '$ ',
      HISTFILE: '/dev/null',
    });
    const child = spawn('script', ['-qefc', 'stty cols 100 rows 40; exec bash --norc --noprofile -i', '/dev/null'], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (raw += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (raw += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const screenSince = (from: number): string => readable(raw.slice(from));
    const waitFor = async (from: number, pattern: RegExp, what: string): Promise<RegExpExecArray> => {
      await expect
        .poll(() => screenSince(from), { timeout: WAIT_MS, interval: 100, message: `${what}\n${screenSince(0)}` })
        .toMatch(pattern);
      return pattern.exec(screenSince(from))!;
    };
    try {
      for (const [index, block] of blocks.entries()) {
        const from = raw.length;
        const where = `README.md:${block.line}`;
        child.stdin.write(`${block.body}\n`);
        const last = commandLines(block).at(-1)!.command;
        const listening = isInteractiveTalk(last);
        if (listening) {
          await waitFor(from, /^gemini: .+\S/m, `${where}: talk printed no reply`);
          child.stdin.write('\x03');
          await waitFor(from, /^gemtoken: interrupted$/m, `${where}: Ctrl-C did not end talk`);
        }
        // Typed by the test, not the README: the block's exit status, printed once the block is done.
        child.stdin.write(`printf '%s_%s_%s\\n' __block ${index} $?\n`);
        const status = Number((await waitFor(from, new RegExp(`__block_${index}_(\\d+)`), `${where}: no end`))[1]);
        expect(status, `${where}\n${screenSince(from)}`).toBe(listening ? 130 : 0);
        const screen = screenSince(from);
        expect(screen, `${where}: a stack trace`).not.toMatch(/^\s+at .+[:(]/m);
        expect(screen, `${where}: an error line`).not.toMatch(/^gemtoken: (?!interrupted$)/m);
        await checkBlock(block, screen, cwd);
      }
      // After the tour's last block nothing it started is left running.
      await expect
        .poll(() => processesWithEnv(box.home).filter((pid) => commandLine(pid).includes(BIN)), {
          timeout: 10_000,
          interval: 100,
        })
        .toEqual([]);
      child.stdin.write('exit\n');
      expect(await closed).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 300_000);
});

/** What each kind of tour block must have shown, beyond its exit status. */
async function checkBlock(block: Block, screen: string, cwd: string): Promise<void> {
  const where = `README.md:${block.line}`;
  if (/^gemtoken demo\b/m.test(block.body)) {
    expect(screen, where).toMatch(/^gemini: Turn 1\. I heard \d\.\d seconds of speech\.$/m);
    expect(screen, where).toMatch(/^reply audio: .+reply\.wav/m);
  }
  if (/gemtoken emulator .*2> emulator\.log &/.test(block.body)) {
    // The log went to its file, and none of it over talk's screen.
    const log = readFileSync(path.join(cwd, 'emulator.log'), 'utf8').trim().split('\n').filter(Boolean);
    expect(log.length, `${where}: emulator.log`).toBeGreaterThan(0);
    for (const line of log) expect(screen, `${where}: the emulator's log on the terminal`).not.toContain(line);
  }
  if (/gemtoken serve /.test(block.body)) {
    const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(screen)?.[1];
    expect(url, `${where}: the URL to open`).toBeDefined();
    const page = await fetch(`${url!}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<html/i);
  }
}

function commandLine(pid: number): string {
  const file = `/proc/${pid}/cmdline`;
  return existsSync(file) ? readFileSync(file, 'latin1').replaceAll('\0', ' ') : '';
}
