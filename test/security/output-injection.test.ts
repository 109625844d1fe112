// A hostile server (or a man in the middle on an http:// --base-url) cannot put
// anything into stdout, $GITHUB_OUTPUT or the workflow log through the token name. Every value is
// validated before any output: a bad one is exit 5, one line naming the field, nothing written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { mintToken } from '../../src/index.js';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from './hostile.js';

let dir: string;
let peer: HostilePeer | undefined;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-output-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const BEFORE = 'earlier_step=kept\n';

/** A peer that answers every mint with `reply` (a JSON value, sent as is). */
async function answering(reply: unknown): Promise<HostilePeer> {
  peer = await hostileHttp((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply)),
  );
  return peer;
}

function expectRefused(result: RunResult, field: string, outputs: Record<string, string> = {}): void {
  expect(result.code).toBe(5);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toBe('gemtoken: unexpected reply from the server');
  expect(lines[1]).toMatch(new RegExp(`^hint: its "${field}" is not `));
  expect(lines).toHaveLength(2);
  expect(hasStackTrace(result)).toBe(false);
  // The hostile text itself is never echoed.
  expect(result.stderr).not.toMatch(/INJECTED|pwned|evil|xxxxxxxxxx/);
  expect(result.stderr).not.toContain('\u001b');
  expectNoCanary({ stdout: result.stdout, stderr: result.stderr, ...outputs });
}

const HOSTILE_NAMES: Array<[string, unknown]> = [
  ['newline injection into $GITHUB_OUTPUT and workflow commands', 'auth_tokens/abc\nINJECTED=evil\n::warning::pwned'],
  ['carriage return', 'auth_tokens/abc\rINJECTED=evil'],
  ['a slash', 'auth_tokens/abc/../../evil'],
  ['a space', 'auth_tokens/abc evil'],
  ['an escape sequence', 'auth_tokens/abc\u001b]0;pwned\u0007'],
  ['a NUL', 'auth_tokens/abc\u0000evil'],
  ['a query string', 'auth_tokens/abc?key=evil&x=1'],
  ['a 10 KB name', `auth_tokens/${'x'.repeat(10_240)}`],
  ['nothing after the prefix', 'auth_tokens/'],
  ['no prefix', 'abc'],
  ['a number', 42],
];

describe('mint: a hostile token name is refused before any output', () => {
  it.each(HOSTILE_NAMES)('--output github with $GITHUB_OUTPUT: %s', async (_label, name) => {
    const p = await answering({ name });
    const file = path.join(dir, `github-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, BEFORE);
    const result = await runCli(['mint', '--base-url', p.baseUrl, '--output', 'github', '--retries', '0'], {
      env: { GEMINI_API_KEY: CANARY_KEY, GITHUB_OUTPUT: file },
    });
    const written = readFileSync(file, 'utf8');
    expectRefused(result, 'name', { GITHUB_OUTPUT: written });
    expect(written).toBe(BEFORE);
  });

  it.each([
    ['json', '3'],
    ['name', '3'],
    ['env', '1'],
    ['github', '1'],
  ])('--output %s (no $GITHUB_OUTPUT), --count %s: exit 5, stdout empty', async (format, count) => {
    const p = await answering({ name: 'auth_tokens/abc\nINJECTED=evil\n::warning::pwned' });
    const result = await runCli(
      ['mint', '--base-url', p.baseUrl, '--output', format, '--count', count, '--retries', '0'],
      {
        env: { GEMINI_API_KEY: CANARY_KEY },
      },
    );
    expectRefused(result, 'name');
  });

  it('a reply that is JSON but not an object is refused the same way', async () => {
    const p = await answering(['auth_tokens/abc']);
    const result = await runCli(['mint', '--base-url', p.baseUrl, '--retries', '0'], {
      env: { GEMINI_API_KEY: CANARY_KEY },
    });
    expectRefused(result, 'name');
  });

  it('a good name still works (64 hex, as the real API answers)', async () => {
    const name = `auth_tokens/${'0123456789abcdef'.repeat(4)}`;
    const p = await answering({ name });
    const file = path.join(dir, 'github-good');
    writeFileSync(file, BEFORE);
    const result = await runCli(['mint', '--base-url', p.baseUrl, '--output', 'github'], {
      env: { GEMINI_API_KEY: CANARY_KEY, GITHUB_OUTPUT: file },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`::add-mask::${name}\n`);
    expect(readFileSync(file, 'utf8')).toMatch(
      new RegExp(`^${BEFORE}token=${name}\nexpire_time=\\S+Z\nnew_session_expire_time=\\S+Z\n$`),
    );
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr, GITHUB_OUTPUT: readFileSync(file, 'utf8') });
  });

  it('the library mintToken refuses it too (NetworkError, exit code 5, value not echoed)', async () => {
    const p = await answering({ name: 'auth_tokens/abc\nINJECTED=evil' });
    const error = await mintToken({ apiKey: CANARY_KEY, baseUrl: p.baseUrl, retries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError', exitCode: 5, message: 'unexpected reply from the server' });
    expect(String((error as Error & { hint?: string }).hint)).not.toContain('INJECTED');
  });
});

describe('talk: token names and times from mint JSON, --token-command and its own mint are checked', () => {
  const talk = (args: string[], env: Record<string, string> = {}, input?: string): Promise<RunResult> =>
    runCli(['talk', ...args, '--text', 'hi', '--no-speaker', '--base-url', 'http://127.0.0.1:9'], {
      env,
      ...(input === undefined ? {} : { input }),
      timeoutMs: 20_000,
    });

  it('talk minting its own token from a hostile server: exit 5, nothing connected', async () => {
    const p = await answering({ name: 'auth_tokens/abc\nINJECTED=evil' });
    const result = await runCli(['talk', '--text', 'hi', '--no-speaker', '--base-url', p.baseUrl], {
      env: { GEMINI_API_KEY: CANARY_KEY },
    });
    expectRefused(result, 'name');
    expect(p.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it.each<[string, string]>([
    ['a name with a newline', JSON.stringify({ name: 'auth_tokens/abc\nINJECTED=evil' })],
    ['a 10 KB name', JSON.stringify({ name: `auth_tokens/${'x'.repeat(10_240)}` })],
    ['a name with a slash', JSON.stringify({ name: 'auth_tokens/a/b' })],
  ])('--token - with mint JSON holding %s: exit 2, not echoed', async (_label, line) => {
    const result = await talk(['--token', '-'], {}, `${line}\n`);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^gemtoken: stdin is not an ephemeral token/);
    expect(result.stderr).not.toMatch(/INJECTED|xxxxxxxxxx/);
  });

  it.each(['expireTime', 'newSessionExpireTime'])(
    '--token - with mint JSON whose %s is not RFC 3339: exit 2 naming the field',
    async (field) => {
      const line = JSON.stringify({ name: 'auth_tokens/abc', [field]: 'tomorrow\u001b[2J' });
      const result = await talk(['--token', '-'], {}, `${line}\n`);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`^gemtoken: the JSON in stdin has a "${field}" that is not an RFC 3339 time`),
      );
      expect(result.stderr).not.toMatch(/tomorrow/);
      expect(result.stderr).not.toContain('\u001b');
    },
  );

  it('--token-command printing a hostile name: refused, its output not echoed', async () => {
    const result = await talk(['--token-command', `printf '%s\\n' 'auth_tokens/abc INJECTED=evil'`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gemtoken: --token-command printed no token/);
    expect(result.stderr).not.toMatch(/INJECTED/);
  });
});
