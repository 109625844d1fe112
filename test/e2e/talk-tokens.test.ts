// Where talk's tokens come from when the service refuses one (quirk `resume-costs-use`), against the
// emulator's default (observed) profile, where a resume costs a use: a fixed single-use token cannot
// resume (one line naming --token-command, exit 3); --token-command supplies the first token and
// fresh ones; a failing or silent command is one clear line; a stale GEMINI_EPHEMERAL_TOKEN falls
// back to minting when an API key is there. The command's output and the key never show.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv, emulatorSessions, events, sha256, tmp, wavFixture } from './talk-helpers.js';

let emu: EmulatorHandle;
let key: string;
let keyFile: string;

beforeAll(async () => {
  emu = await spawnEmulator(['--connection-lifetime', '2s']);
  key = emu.apiKeys[0]!;
  keyFile = path.join(tmp, 'tokens-key.txt');
  writeFileSync(keyFile, `${key}\n`);
});
afterAll(async () => {
  await emu.stop();
});

async function mint(): Promise<string> {
  const result = await runCli(['mint', '--output', 'name'], { env: baseEnv(emu, { GEMINI_API_KEY: key }) });
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

/** The shell command a backend-less user would write: the built gemtoken minting with a key file. */
const mintCommand = (): string => `"${process.execPath}" "${BIN}" mint --output json --api-key-file "${keyFile}"`;

function expectOneLine(result: RunResult, code: number, message: RegExp, ...secrets: string[]): void {
  expect(result.code).toBe(code);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(hasStackTrace(result)).toBe(false);
  for (const secret of [key, ...secrets]) {
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  }
}

describe('gemtoken talk: tokens for resumption', () => {
  it('a fixed single-use token cannot resume: one line naming --token-command, exit 3', async () => {
    const token = await mint();
    const { file } = wavFixture('fixed.wav', [
      ['silence', 3500],
      ['tone', 500],
      ['silence', 500],
    ]);
    const result = await runCli(['talk', '--token', token, '--input', file, '--no-speaker', '--events'], {
      env: baseEnv(emu),
      timeoutMs: 30_000,
    });
    expectOneLine(
      result,
      3,
      /^gemtoken: the token cannot resume the session \(close 1011 "Token has been used too many times"\).*--token-command/,
      token,
    );
    expect(events(result.stdout).map((e) => e.type)).toContain('goAway');
  });

  it('--token-command gives the first token and a fresh one for every resume; no key in its environment', async () => {
    const { file, pcm } = wavFixture('command.wav', [
      ['silence', 2500],
      ['tone', 600],
      ['silence', 2500],
      ['tone', 600],
      ['silence', 1000],
    ]);
    const before = await tokens();
    const opened = (await emulatorSessions(emu)).sessions.length;
    // GEMINI_API_KEY is set for talk but must not reach the command: it would fail to mint without the key file.
    const probe = path.join(tmp, 'probe.txt');
    const command = `echo "key=\${GEMINI_API_KEY:-none}" > "${probe}" && ${mintCommand()}`;
    const result = await runCli(['talk', '--token-command', command, '--input', file, '--no-speaker', '--events'], {
      env: baseEnv(emu, { GEMINI_API_KEY: key }),
      timeoutMs: 40_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    const resumed = log.filter((e) => e.type === 'resumed').length;
    expect(resumed).toBeGreaterThanOrEqual(2);
    expect(log.filter((e) => e.type === 'token').every((e) => e.source === 'command')).toBe(true);
    expect(log.filter((e) => e.type === 'token').length).toBe(resumed);
    expect((await import('node:fs')).readFileSync(probe, 'utf8').trim()).toBe('key=none');
    const minted = (await tokens()).slice(before.length);
    expect(minted.length).toBe(resumed + 1);
    expect(minted.every((t) => t.uses === 1 && t.usesConsumed === 1)).toBe(true);
    // The command prints mint's JSON ("uses":1): each resume gets its token before connecting, never a 1011 first.
    const mine = (await emulatorSessions(emu)).sessions.slice(opened);
    expect(mine.map((s) => s.closeCode)).toEqual(mine.map(() => 1000));
    expect(mine).toHaveLength(resumed + 1);
    const conversation = (await emulatorSessions(emu)).conversations.at(-1)!;
    expect(conversation.inputSha256).toBe(sha256(pcm));
  });

  it('a failing --token-command: one line, exit 3, its output not shown', async () => {
    const result = await runCli(
      [
        'talk',
        '--token-command',
        'echo auth_tokens/secret-ish-output; echo oops >&2; exit 7',
        '--text',
        'hi',
        '--no-speaker',
      ],
      { env: baseEnv(emu), timeoutMs: 20_000 },
    );
    expectOneLine(result, 3, /^gemtoken: --token-command failed \(exit 7\)$/, 'secret-ish-output', 'oops');
  });

  it('a --token-command that prints no token: one line, exit 2', async () => {
    const result = await runCli(
      ['talk', '--token-command', 'echo not-a-token-at-all', '--text', 'hi', '--no-speaker'],
      { env: baseEnv(emu), timeoutMs: 20_000 },
    );
    expectOneLine(result, 2, /^gemtoken: --token-command printed no token$/, 'not-a-token-at-all');
  });

  it('a stale GEMINI_EPHEMERAL_TOKEN with an API key: talk says so on stderr and mints', async () => {
    const stale = await mint();
    const spend = await runCli(['talk', '--token', stale, '--text', 'hello', '--once', '--no-speaker'], {
      env: baseEnv(emu),
      timeoutMs: 20_000,
    });
    expect(spend.code).toBe(0);
    const result = await runCli(['talk', '--text', 'hello', '--once', '--no-speaker', '--events'], {
      env: baseEnv(emu, { GEMINI_EPHEMERAL_TOKEN: stale, GEMINI_API_KEY: key }),
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(0);
    // First which credential is used (the leftover token no longer wins silently), then why it changed.
    expect(result.stderr).toMatch(
      /^gemtoken: using the token from GEMINI_EPHEMERAL_TOKEN \(GEMINI_API_KEY only mints a replacement once it is spent or refused\)\nwarning: GEMINI_EPHEMERAL_TOKEN was refused; using a fresh token \(minted\) instead\n$/,
    );
    expect(events(result.stdout).filter((e) => e.type === 'token')).toEqual([
      { type: 'token', source: 'minted', reason: 'close 1011 "Token has been used too many times"' },
    ]);
    expect(result.stdout + result.stderr).not.toContain(stale);
  });
});

async function tokens(): Promise<{ name: string; uses: number; usesConsumed: number }[]> {
  const res = await fetch(`${emu.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': key } });
  return ((await res.json()) as { tokens: { name: string; uses: number; usesConsumed: number }[] }).tokens;
}
