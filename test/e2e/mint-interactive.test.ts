// `gemtoken mint --interactive` as a user meets it (built binary, emulator): refused with one line
// when stdin/stderr are not terminals, and driven through a real pseudo-terminal (util-linux
// `script`) where the keys go to the real @inquirer/prompts. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, hasStackTrace, runCli, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { requirePty } from '../helpers/tools.js';
import { requestCount, resetEmulator, storedToken } from './mint-helpers.js';

const KEY = 'e2e-interactive-key-0123456789';
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', KEY]);
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => resetEmulator(emu));

describe('without a terminal', () => {
  it.each([
    ['piped stdin and stderr', ['mint', '--interactive']],
    ['-i with other flags', ['mint', '-i', '--model', 'gemini-3.8-live', '--output', 'name']],
    ['-i --dry-run', ['mint', '-i', '--dry-run']],
  ])('%s: exit 2, one line, nothing sent', async (_name, args) => {
    const result = await runCli([...args, '--base-url', emu.baseUrl], { env: { GEMINI_API_KEY: KEY } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'gemtoken: --interactive needs a terminal (stdin and stderr must be TTYs); pass the flags instead, see gemtoken mint --help\n',
    );
    expect(hasStackTrace(result)).toBe(false);
    expect(await requestCount(emu)).toBe(0);
  });
});

/** The binary on a pseudo-terminal (100x40): `keys` answers each prompt once its text is on screen. */
function runInPty(
  args: string[],
  steps: ReadonlyArray<readonly [RegExp, string]>,
  raw: string[] = [],
): Promise<{ code: number | null; screen: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // A pty made by `script` from a pipe has no size; ora would divide by 0 columns.
  const child = spawn('script', ['-qefc', `stty cols 100 rows 40; exec ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    env: scrubbedEnv({ GEMINI_API_KEY: KEY, TERM: 'xterm-256color' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let step = 0;
  // Raw offset of what earlier steps consumed: the next prompt can only appear after our keys.
  let consumed = 0;
  const advance = (): void => {
    while (step < steps.length) {
      const [waitFor, keys] = steps[step]!;
      if (!waitFor.test(strip(screen.slice(consumed)))) return;
      consumed = screen.length;
      step += 1;
      child.stdin.write(keys);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (raw.push(d), (screen += d), advance()));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen: strip(screen) });
    });
  });
}

const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const strip = (text: string): string => text.replace(CSI, '').replace(/\r/g, '');
const ENTER = '\r';
const DOWN = '\x1b[B';
const LIVE_MODEL_COUNT = 5;

describe.skipIf(requirePty())('on a terminal (pseudo-terminal via script)', () => {
  it('model and config: asks seven questions, prints the equivalent command on stderr, then mints that token', async () => {
    const { code, screen } = await runInPty(
      ['mint', '-i', '--base-url', emu.baseUrl, '--transcribe'],
      [
        [/\? Model/, DOWN + ENTER],
        // --transcribe was given: locking the config is the default.
        [/\? What the token locks/, ENTER],
        [/\? Response modality/, ENTER],
        [/\? Voice/, DOWN + DOWN + DOWN + ENTER],
        [/\? System instruction/, `Be brief, don't ramble.${ENTER}`],
        [/\? Sessions the token may start/, `x${ENTER}`],
        [/--uses 'x' must be a whole number/, `\x7f2${ENTER}`],
        [/\? Token lifetime/, `1h${ENTER}`],
      ],
    );
    expect(code, screen).toBe(0);
    const line = /^equivalent command: (.+)$/m.exec(screen)?.[1];
    expect(line).toBe(
      `gemtoken mint --model gemini-3.8-live-extended-thinking --modality audio --voice Kore --system-instruction 'Be brief, don'\\''t ramble.' --uses 2 --ttl 1h --transcribe --lock-set-only --base-url ${emu.baseUrl}`,
    );
    // The spinner shares the terminal, so the record need not start its line; `locked` is its only nested object.
    const json = /\{"name"[^}]*"locked":\{[^}]*\}\}/.exec(screen)?.[0];
    const token = JSON.parse(json!) as { name: string; uses: number; model: string };
    expect(token).toMatchObject({
      uses: 2,
      model: 'models/gemini-3.8-live-extended-thinking',
      apiVersion: 'v1alpha',
      locked: { mode: 'fields' },
    });
    // Only what was asked is locked: nothing about resumption or transcripts it never asked for.
    expect(screen).not.toMatch(/^warning:/m);
    const stored = await storedToken(emu, token.name);
    expect(stored.uses).toBe(2);
    expect(JSON.stringify(stored.setup)).toContain('"voiceName":"Kore"');
    expect(JSON.stringify(stored.setup)).toContain("Be brief, don't ramble.");
    expect(stored.setup).toHaveProperty('inputAudioTranscription');
    expect(screen).not.toContain(KEY);
    expect(await requestCount(emu)).toBe(1);
  });

  it('all defaults: the model only, no modality offered for an audio-only model, no warning', async () => {
    const { code, screen } = await runInPty(
      ['mint', '-i', '--base-url', emu.baseUrl],
      [
        [/\? Model/, ENTER],
        [/\? What the token locks/, ENTER],
        [/\? Sessions the token may start/, ENTER],
        [/\? Token lifetime/, ENTER],
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/^equivalent command: gemtoken mint --model gemini-3.8-live --uses 1 --ttl 30m /m);
    expect(screen).not.toMatch(/Response modality|^warning:/m);
    const json = /\{"name"[^}]*"locked":\{[^}]*\}\}/.exec(screen)?.[0];
    expect(JSON.parse(json!)).toMatchObject({ locked: { mode: 'fields', fields: ['model'] } });
  });

  it('model and config on gemini-3.8-live: voice asked, never a modality (text would fail at setup)', async () => {
    const { code, screen } = await runInPty(
      ['mint', '-i', '--base-url', emu.baseUrl],
      [
        [/\? Model/, ENTER],
        [/\? What the token locks/, DOWN + ENTER],
        [/\? Voice/, ENTER],
        [/\? System instruction/, ENTER],
        [/\? Sessions the token may start/, ENTER],
        [/\? Token lifetime/, ENTER],
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).not.toMatch(/Response modality/);
    expect(screen).toMatch(
      /^equivalent command: gemtoken mint --model gemini-3.8-live --modality audio --uses 1 --ttl 30m --lock-set-only /m,
    );
    expect(screen).not.toMatch(/^warning:/m);
  });

  it('a @file instruction that cannot be read is asked again at once, not after the last question', async () => {
    const { code, screen } = await runInPty(
      ['mint', '-i', '--base-url', emu.baseUrl],
      [
        [/\? Model/, ENTER],
        [/\? What the token locks/, DOWN + ENTER],
        [/\? Voice/, ENTER],
        [/\? System instruction/, `@no-such-file.txt${ENTER}`],
        // Still on the instruction question: the error is shown under it, the answer can be fixed.
        [/--system-instruction: no such file: no-such-file\.txt/, `${'\x7f'.repeat(20)}@package.json${ENTER}`],
        [/\? Sessions the token may start/, ENTER],
        [/\? Token lifetime/, ENTER],
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/^equivalent command: gemtoken mint .*--system-instruction @package\.json /m);
    expect(await requestCount(emu)).toBe(1);
  });

  it('a bare number for the lifetime is asked back, not silently taken as seconds', async () => {
    const { code, screen } = await runInPty(
      ['mint', '-i', '--base-url', emu.baseUrl],
      [
        [/\? Model/, ENTER],
        [/\? What the token locks/, ENTER],
        [/\? Sessions the token may start/, ENTER],
        [/\? Token lifetime/, `${'\x7f'.repeat(8)}45${ENTER}`],
        [/45 seconds\? Type 45s to confirm, or 45m or 45h/, `m${ENTER}`],
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/^equivalent command: gemtoken mint .* --ttl 45m( |$)/m);
  });

  it('"other…" is not left on screen as the chosen model', async () => {
    const raw: string[] = [];
    const { code, screen } = await runInPty(
      ['mint', '-i', '--base-url', emu.baseUrl],
      [
        [/\? Model/, `${DOWN.repeat(LIVE_MODEL_COUNT)}${ENTER}`],
        [/\? Model name/, `gemini-9-live${ENTER}`],
        [/\? What the token locks/, DOWN + ENTER],
        [/\? Response modality/, `${DOWN}${ENTER}`],
        [/\? System instruction/, ENTER],
        [/\? Sessions the token may start/, ENTER],
        [/\? Token lifetime/, ENTER],
      ],
      raw,
    );
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/^equivalent command: gemtoken mint --model gemini-9-live /m);
    // The answer line "✔ Model other…" is erased (cursor up, erase line) before the name is asked.
    const text = raw.join('');
    const nextPrompt = text.indexOf('Model name');
    const answered = text.lastIndexOf('✔', nextPrompt);
    expect(strip(text.slice(answered, nextPrompt)), 'the select answered other…').toMatch(/^✔ Model other…/);
    // Up one line, erase it, column 0: exactly this (inquirer's own redraws end with ESC[G, not \r).
    expect(text.slice(answered, nextPrompt)).toContain(`${ESC}[1A${ESC}[2K\r`);
  });

  it('Ctrl-C at the first question: exit 130, one line, nothing sent', async () => {
    const { code, screen } = await runInPty(['mint', '-i', '--base-url', emu.baseUrl], [[/\? Model/, '\x03']]);
    expect(code, screen).toBe(130);
    expect(screen).toMatch(/^gemtoken: interrupted$/m);
    expect(screen).not.toMatch(/^\s+at /m);
    expect(await requestCount(emu)).toBe(0);
  });
});
