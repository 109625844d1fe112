// Built binary against the emulator: which credential is used is said on
// stderr when more than one is present; the spinner and the status line never mix with data, even
// when stdout is a pipe to a program printing on the same terminal (`mint | cat`, `talk | cat`),
// and talk shows mint's spinner and retries while it mints its own token.
/* eslint-disable no-control-regex -- the escape sequences a terminal receives are what these tests read */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { requirePty } from '../helpers/tools.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { admin } from './mint-helpers.js';
import { tmp } from './talk-helpers.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', CANARY_KEY]);
});
afterAll(async () => {
  await emu.stop();
});

async function mintName(): Promise<string> {
  const minted = await runCli(['mint', '--output', 'name', '--uses', '2'], {
    env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: CANARY_KEY },
  });
  expect(minted.code, minted.stderr).toBe(0);
  return minted.stdout.trim();
}

/** A shell pipeline at a pseudo-terminal (stdin, stderr and the pipe's reader share it); resolves with the screen. */
function atTerminal(pipeline: string, env: Record<string, string>): Promise<{ code: number | null; screen: string }> {
  const child = spawn('script', ['-qefc', `stty cols 120 rows 40; ${pipeline}`, '/dev/null'], {
    env: scrubbedEnv({ ...env, TERM: 'xterm-256color' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`timed out: ${screen}`))), 30_000);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, screen })));
  });
}
const gemtoken = `'${process.execPath}' '${BIN}'`;
/** The screen without escape sequences; ora's "go to column 1" (ESC [1G) counts as a carriage return. */
const plain = (screen: string): string => screen.replace(/\x1b\[1G/g, '\r').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('which credential is used', () => {
  it('talk: a leftover GEMINI_EPHEMERAL_TOKEN beside GEMINI_API_KEY is named on stderr', async () => {
    const token = await mintName();
    const result = await runCli(['talk', '--text', 'hello', '--once', '--no-speaker'], {
      env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: CANARY_KEY, GEMINI_EPHEMERAL_TOKEN: token },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n')).toContain(
      'gemtoken: using the token from GEMINI_EPHEMERAL_TOKEN (GEMINI_API_KEY only mints a replacement once it is spent or refused)',
    );
    expect(result.stdout).not.toContain('gemtoken:');
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('talk: --token beside GEMTOKEN_TOKEN and --token-command says which wins and what the others do', async () => {
    const token = await mintName();
    const result = await runCli(
      ['talk', '--token', token, '--token-command', 'exit 1', '--text', 'hello', '--once', '--no-speaker'],
      { env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMTOKEN_TOKEN: token, GEMINI_API_KEY: CANARY_KEY } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'gemtoken: using the token from --token (not GEMTOKEN_TOKEN; GEMINI_API_KEY is not used)\n',
    );
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('talk: one credential, no note', async () => {
    const result = await runCli(['talk', '--text', 'hello', '--once', '--no-speaker'], {
      env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: CANARY_KEY },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('using the');
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('mint: --api-key-file beside GEMINI_API_KEY is named; two differing keys get the prefix too', async () => {
    const file = path.join(tmp, 'decoration-key');
    writeFileSync(file, `${CANARY_KEY}\n`, { mode: 0o600 });
    const fromFile = await runCli(['mint', '--api-key-file', file, '--output', 'name'], {
      env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: 'AIzaOtherKeyNotUsed000000000000000000' },
    });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toBe('gemtoken: using the API key from --api-key-file, not GEMINI_API_KEY\n');
    const both = await runCli(['mint', '--output', 'name'], {
      env: {
        GEMTOKEN_BASE_URL: emu.baseUrl,
        GEMINI_API_KEY: CANARY_KEY,
        GOOGLE_API_KEY: 'AIzaOtherKeyNotUsed000000000000000000',
      },
    });
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toBe(
      'gemtoken: both GEMINI_API_KEY and GOOGLE_API_KEY are set and differ; using GEMINI_API_KEY\n',
    );
    expectNoCanary({ a: fromFile.stdout, b: fromFile.stderr, c: both.stdout, d: both.stderr });
  });

  it('mint: a retry note has the gemtoken: prefix', async () => {
    await admin(emu, 'POST', 'faults', { spec: 'rest:503x1' });
    const result = await runCli(['mint', '--output', 'name'], {
      env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: CANARY_KEY },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^gemtoken: .*503.*; retrying in \S+ \(retry 1 of \d+\)\n$/);
    expect(hasStackTrace(result)).toBe(false);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});

describe.skipIf(requirePty())('decoration never mixes with data (item 5, at a terminal)', () => {
  it('mint --count 3 | cat: the spinner is gone before the first token reaches the screen', async () => {
    // One of the three mints is retried (≥ 250 ms): before, the spinner kept drawing over the tokens cat printed.
    await admin(emu, 'POST', 'faults', { spec: 'rest:503x1' });
    const { code, screen } = await atTerminal(`${gemtoken} mint --count 3 --output name | cat`, {
      GEMTOKEN_BASE_URL: emu.baseUrl,
      GEMINI_API_KEY: CANARY_KEY,
    });
    expect(code, screen).toBe(0);
    const text = plain(screen);
    const first = text.indexOf('auth_tokens/');
    expect(first, screen).toBeGreaterThan(0);
    expect(text.slice(0, first)).toContain('minting 3 tokens');
    // Before: the last frame stayed on the line and the tokens landed after it ("⠦ minting 3 tokensauth_tokens/…").
    expect(text[first - 1], JSON.stringify(screen)).toMatch(/[\r\n]/);
    expect(text.slice(first), JSON.stringify(screen)).not.toMatch(SPINNER);
    expect(screen.match(/auth_tokens\/\S+/g)).toHaveLength(3);
    expectNoCanary({ screen });
  });

  it('talk minting its own token shows the spinner and the retry note', async () => {
    await admin(emu, 'POST', 'faults', { spec: 'rest:503x1' });
    const { code, screen } = await atTerminal(`${gemtoken} talk --text hello --once --no-speaker`, {
      GEMTOKEN_BASE_URL: emu.baseUrl,
      GEMINI_API_KEY: CANARY_KEY,
    });
    expect(code, screen).toBe(0);
    const text = plain(screen);
    expect(text, JSON.stringify(screen)).toMatch(new RegExp(`${SPINNER.source} minting a single-use token`));
    // On a line of its own: the spinner steps aside for it and comes back below.
    expect(text).toMatch(/\rgemtoken: .*503.*; retrying in \S+ \(retry 1 of \d+\)\r\n/);
    expect(screen).toContain('gemini: ');
    expectNoCanary({ screen });
  });

  it('talk | cat: no status-line text on the transcript lines cat prints', async () => {
    const { code, screen } = await atTerminal(`${gemtoken} talk --text hello --once --no-speaker | cat`, {
      GEMTOKEN_BASE_URL: emu.baseUrl,
      GEMINI_API_KEY: CANARY_KEY,
    });
    expect(code, screen).toBe(0);
    // What cat printed begins a screen line: escape sequences aside, right after a newline or a carriage return.
    const text = plain(screen);
    for (const label of ['you: hello', 'gemini: ']) {
      const at = text.indexOf(label);
      expect(at, screen).toBeGreaterThan(0);
      expect(text[at - 1], JSON.stringify(screen)).toMatch(/[\r\n]/);
    }
    expectNoCanary({ screen });
  });
});
