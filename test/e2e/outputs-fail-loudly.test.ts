// An output the user named that cannot be written ends the run with exit 2 and no
// success message — $GITHUB_OUTPUT, talk's --output and --transcript, the --record directory. --record
// checks its directory before it listens, never writes a cassette through a symbolic link (one there
// before the start, or planted while it records), and creates cassettes 0600.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';

const LIVE = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const emulator = emulatorsStoppedAfterAll();
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-loud-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const fullDevice = existsSync('/dev/full');

describe.runIf(fullDevice)('a full disk behind an output the user named', () => {
  it('GITHUB_OUTPUT=/dev/full mint --output github: exit 2, says so, no success line', async () => {
    const upstream = await emulator();
    const result = await runCli(['mint', '--base-url', upstream.baseUrl, '--output', 'github'], {
      env: { GEMINI_API_KEY: upstream.apiKeys[0]!, GITHUB_OUTPUT: '/dev/full' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^gemtoken: cannot write \$GITHUB_OUTPUT \/dev\/full: no space left on device \(ENOSPC\)$/m,
    );
    expect(result.stderr).not.toMatch(/wrote token/);
    expect(hasStackTrace(result)).toBe(false);
  });

  it.each([['--output'], ['--transcript']])('talk %s /dev/full: exit 2 naming it', async (flag) => {
    const upstream = await emulator();
    const result = await runCli(
      ['talk', '--base-url', upstream.baseUrl, '--text', 'hi', '--once', '--no-speaker', flag, '/dev/full'],
      { env: { GEMINI_API_KEY: upstream.apiKeys[0]! }, timeoutMs: 30_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot write ${flag} /dev/full`);
    expect(hasStackTrace(result)).toBe(false);
  });
});

describe('--record checks its directory before it listens', () => {
  it('a directory it cannot write: exit 2, one line, nothing listens', async () => {
    // Root writes through permission bits: a directory where nothing can be created stands in for it.
    let dir = '/proc/self';
    if (process.getuid?.() !== 0) {
      dir = tempDir();
      chmodSync(dir, 0o500);
    }
    const result = await runCli(['emulator', '--record', dir, '--port', '0'], { timeoutMs: 15_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(
      new RegExp(`^gemtoken: --record: cannot write to "${dir}" \\(E[A-Z]+\\)$`),
    );
    expect(result.stdout).toBe('');
  });

  it('a symlinked rest.ndjson: exit 2 before listening, the link target untouched', async () => {
    const dir = tempDir();
    const target = path.join(tempDir(), 'elsewhere.ndjson');
    symlinkSync(target, path.join(dir, 'rest.ndjson'));
    const result = await runCli(['emulator', '--record', dir, '--port', '0'], { timeoutMs: 15_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `gemtoken: --record: "${path.join(dir, 'rest.ndjson')}" is a symbolic link; cassettes are never written through one`,
    );
    expect(result.stdout).toBe('');
    expect(existsSync(target)).toBe(false);
  });
});

describe('--record while recording', () => {
  it('creates its cassettes 0600', async () => {
    const dir = tempDir();
    const upstream = await emulator();
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    const reply = await fetch(`${recorder.baseUrl}/v1alpha/auth_tokens?key=${upstream.apiKeys[0]}`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(200);
    await reply.text();
    expect(await recorder.stop()).toBe(0);
    expect(statSync(path.join(dir, 'rest.ndjson')).mode & 0o777).toBe(0o600);
  });

  it('a cassette it cannot write (a link planted while recording): stops with exit 2 and says so', async () => {
    const dir = tempDir();
    const target = path.join(tempDir(), 'elsewhere.ndjson');
    const upstream = await emulator();
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    symlinkSync(target, path.join(dir, 'live-0001.ndjson'));
    const client = new WebSocket(`${recorder.baseUrl.replace('http', 'ws')}${LIVE}?key=${upstream.apiKeys[0]}`);
    client.on('error', () => undefined);
    const exited = new Promise<number | null>((resolve) => recorder.process.once('exit', (code) => resolve(code)));
    expect(await exited).toBe(2);
    expect(recorder.log()).toMatch(
      new RegExp(
        `^gemtoken: --record: cannot write ${path.join(dir, 'live-0001.ndjson')} \\(ELOOP\\); the recording stopped$`,
        'm',
      ),
    );
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['live-0001.ndjson', 'rest.ndjson']);
  });
});
