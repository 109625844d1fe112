// Bad input to `gemtoken talk`: each case is the documented exit code, one line plus a hint,
// no stack trace, and no token or key in the output.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { createEmulatorServer as startInProcessEmulator } from '../../src/emulator/index.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv, tmp, wavFixture } from './talk-helpers.js';

let emu: EmulatorHandle;
let key: string;

beforeAll(async () => {
  emu = await spawnEmulator();
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
});

async function mint(...args: string[]): Promise<string> {
  const result = await runCli(['mint', '--output', 'name', ...args], { env: baseEnv(emu, { GEMINI_API_KEY: key }) });
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

function expectOneLine(result: RunResult, code: number, message: RegExp, ...secrets: string[]): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(message);
  expect(lines[0]).toMatch(/^gemtoken: /);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
  expect(hasStackTrace(result)).toBe(false);
  for (const secret of [key, ...secrets]) expect(result.stderr).not.toContain(secret);
}

const talk = (args: string[], env: Record<string, string> = {}) =>
  runCli(['talk', '--no-speaker', '--once', ...args], { env: baseEnv(emu, env) });

describe('gemtoken talk: bad input → documented exit code and one line', () => {
  it('malformed token → 2', async () => {
    expectOneLine(await talk(['--token', 'not-a-token', '--text', 'hi']), 2, /not an ephemeral token/);
  });

  it('an API key passed as --token → 2, and the key is not echoed', async () => {
    const fake = 'AIzaSyFAKEFAKEFAKEFAKEFAKEFAKE';
    expectOneLine(await talk(['--token', fake, '--text', 'hi']), 2, /holds an API key/, fake);
  });

  it('no token and no key → 2', async () => {
    expectOneLine(await talk(['--text', 'hi']), 2, /no token/);
  });

  it.each([
    ['no token and no key', ['--text', 'hi'], /no token/, ['--token', '--token', '--api-key-file']],
    [
      'an empty --api-key-file',
      ['--api-key-file', 'EMPTY', '--text', 'hi'],
      /API key from --api-key-file is empty/,
      ['--api-key-file', '--api-key-file'],
    ],
  ])('%s: the message and hint name only flags talk accepts', async (_name, args, message, flags) => {
    const empty = path.join(tmp, 'empty-key');
    writeFileSync(empty, '');
    const result = await talk(args.map((arg) => (arg === 'EMPTY' ? empty : arg)));
    expectOneLine(result, 2, message);
    const help = (await runCli(['talk', '--help'])).stdout;
    const named = result.stderr.match(/--[a-z][a-z-]*/g) ?? [];
    expect(named).toEqual(flags);
    for (const flag of named) expect(help, `${flag} in talk --help`).toMatch(new RegExp(`${flag}(?![a-z-])`));
  });

  // No source says a token is bound to its minting version, so the emulator no longer refuses it.
  it('token minted on v1alpha used on v1beta → served (exit 0)', async () => {
    const token = await mint('--api-version', 'v1alpha');
    expect((await talk(['--token', token, '--api-version', 'v1beta', '--text', 'hi'])).code).toBe(0);
  });

  it('used-up token → 3', async () => {
    const token = await mint();
    expect((await talk(['--token', token, '--text', 'hi'])).code).toBe(0);
    expectOneLine(await talk(['--token', token, '--text', 'hi']), 3, /used up/, token);
  });

  it.each([
    [
      'expired token',
      '1m',
      /^gemtoken: the token has expired: close 1011 "Token expired: expire_time deadline exceeded"$/,
    ],
    [
      'token past its new-session window',
      '30m',
      /^gemtoken: the token can no longer open sessions: close 1011 "new_session_expire_time deadline exceeded"$/,
    ],
  ])('%s → 3', async (_name, ttl, message) => {
    // This emulator runs in-process on a clock the test moves, so the token expires without a wait;
    // the CLI under test is still the spawned binary. No sweep runs meanwhile (a swept token is unknown).
    let skewMs = 0;
    const clocked = await startInProcessEmulator({ now: () => Date.now() + skewMs, sweepIntervalMs: 3_600_000 });
    try {
      const env = { GEMTOKEN_BASE_URL: clocked.baseUrl };
      const minted = await runCli(['mint', '--output', 'name', '--ttl', ttl, '--new-session-ttl', '1m'], {
        env: { ...env, GEMINI_API_KEY: clocked.apiKeys[0]! },
      });
      expect(minted.code, minted.stderr).toBe(0);
      const token = minted.stdout.trim();
      skewMs = 2 * 60_000; // past newSessionExpireTime (1 m), and past expireTime when --ttl is 1m
      const result = await runCli(['talk', '--no-speaker', '--once', '--token', token, '--text', 'hi'], { env });
      expectOneLine(result, 3, message, token, clocked.apiKeys[0]!);
    } finally {
      await clocked.close();
    }
  });

  it('unknown token → 3', async () => {
    expectOneLine(await talk(['--token', 'auth_tokens/neverminted0000', '--text', 'hi']), 3, /not accepted/);
  });

  it('unknown model → 4', async () => {
    expectOneLine(
      await talk(['--model', 'gemini-0-nope', '--text', 'hi'], { GEMINI_API_KEY: key }),
      4,
      /model was refused: close 1008/,
    );
  });

  it.each([
    ['not a WAV', 'plain.wav', Buffer.from('just some text, not audio\n'), /not a WAV file/],
    ['empty', 'empty.wav', Buffer.alloc(0), /empty/],
    ['truncated', 'truncated.wav', () => wavFixture('whole.wav', [['tone', 500]]).file, /truncated/],
  ])('--input %s → 2', async (_name, file, content, message) => {
    const target = path.join(tmp, file);
    if (typeof content === 'function') {
      const { readFileSync } = await import('node:fs');
      writeFileSync(target, readFileSync(content()).subarray(0, 30));
    } else writeFileSync(target, content);
    expectOneLine(await talk(['--input', target], { GEMINI_API_KEY: key }), 2, message);
  });

  it('a WAV file with --input-format → 2, not its header played as audio', async () => {
    const { file } = wavFixture('q.wav', [['tone', 300]]);
    const result = await talk(['--input', file, '--input-format', 's16le:8000:3'], { GEMINI_API_KEY: key });
    expectOneLine(result, 2, /q\.wav is a WAV file, but --input-format is for raw PCM: drop --input-format$/);
  });

  it('missing --input file → 2', async () => {
    expectOneLine(await talk(['--input', path.join(tmp, 'nope.wav')], { GEMINI_API_KEY: key }), 2, /no such file/);
  });

  it('unknown capture device → 6', async () => {
    expectOneLine(
      await talk(['--input-device', 'no_such_device_xyz'], { GEMINI_API_KEY: key }),
      6,
      /audio|arecord|sox|device|mic/i,
    );
  });

  it.each([
    [['--modality', 'loud', '--text', 'hi'], /--modality/],
    [['--temperature', '3', '--text', 'hi'], /--temperature/],
    [['--echo', 'loud', '--text', 'hi'], /--echo/],
    [['--fast', '--text', 'hi'], /--fast needs --input/],
    [['--connect-timeout', 'soon', '--text', 'hi'], /--connect-timeout/],
    [['--push-to-talk', '--text', 'hi'], /--push-to-talk needs the microphone/],
    [['--push-to-talk'], /--push-to-talk needs a terminal/],
  ])('usage error %j → 2', async (args, message) => {
    expectOneLine(await talk(args, { GEMINI_API_KEY: key }), 2, message);
  });

  it('a playback device the speaker addon would abort on → 6 with a hint, not a SIGABRT', async () => {
    // libasound asserts (SIGABRT) inside the addon when the default device cannot open; talk must
    // find out in a throwaway child and exit 6 instead of dying with 134.
    const home = path.join(tmp, 'no-sound-card');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, '.asoundrc'), 'pcm.!default { type hw card 99 }\n');
    const result = await runCli(['talk', '--once', '--text', 'hi'], {
      env: baseEnv(emu, { GEMINI_API_KEY: key, HOME: home }),
    });
    expectOneLine(result, 6, /speaker addon .*playback device/);
    expect(result.stderr).toMatch(/hint: .*--no-speaker/);
  });

  it('nothing listening → 5', async () => {
    const result = await runCli(
      [
        'talk',
        '--no-speaker',
        '--token',
        'auth_tokens/abcdefgh1234',
        '--base-url',
        'http://127.0.0.1:9',
        '--text',
        'hi',
        '--connect-timeout',
        '5s',
      ],
      {},
    );
    expectOneLine(result, 5, /cannot reach the Live API/);
  });
});
