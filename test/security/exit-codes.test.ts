// A write error is one line and a documented code; outputs that cannot be written
// fail the run; a 5,000-deep --config is bad input (2), and the emulator refuses such a body (400)
// instead of minting a token that breaks its admin listing and sessions; --once closed by the
// server before any complete turn is not a success.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, ROOT, runCli, scrubbedEnv, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { skipUnlessRequired } from '../helpers/tools.js';
import { CANARY_KEY, expectNoCanary, hostileWs, type HostilePeer } from './hostile.js';

const FULL = '/dev/full';
let emulator: EmulatorHandle;
let dir: string;

beforeAll(async () => {
  emulator = await spawnEmulator(['--api-key', CANARY_KEY]);
  dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-exit-codes-'));
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({ GEMINI_API_KEY: CANARY_KEY, GEMTOKEN_BASE_URL: emulator.baseUrl });

/** Runs the CLI with stdout on a file descriptor of our choosing (here /dev/full). */
function runToFd(args: readonly string[], file: string): Promise<RunResult> {
  const fd = openSync(file, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: scrubbedEnv(env()),
      cwd: ROOT,
      stdio: ['ignore', fd, 'pipe'],
    });
    closeSync(fd);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: '', stderr });
    });
  });
}

function expectOneLine(result: RunResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(hasStackTrace(result)).toBe(false);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('gemtoken:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
}

const deep = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepConfig = (depth: number): string =>
  `{"tools":[{"functionDeclarations":[{"name":"f","parameters":${deep(depth)}}]}]}`;

// Linux has /dev/full; elsewhere these skip, except under GEMTOKEN_REQUIRE_TOOLS=1 (CI), where they fail.
describe.skipIf(skipUnlessRequired(existsSync(FULL) ? undefined : `${FULL} is missing (a Linux device)`))(
  'writes to a full disk',
  () => {
    it('mint > /dev/full: one line, exit 2, no stack trace', async () => {
      expectOneLine(await runToFd(['mint'], FULL), 2, /cannot write to stdout: no space left on device \(ENOSPC\)/);
    });

    it('mint --output name > /dev/full: the same', async () => {
      expectOneLine(await runToFd(['mint', '--output', 'name'], FULL), 2, /cannot write to stdout/);
    });

    it('a failure before any output keeps its own code under > /dev/full (not a write error)', async () => {
      const result = await runToFd(['mint', '--base-url', 'http://127.0.0.1:1', '--retries', '0'], FULL);
      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).not.toMatch(/cannot write/);
    });

    it.each([
      ['--transcript', /cannot write --transcript \/dev\/full: .*ENOSPC/],
      ['--output', /cannot write --output \/dev\/full: .*ENOSPC/],
    ])('talk %s /dev/full fails (exit 2) instead of exiting 0 with the data lost', async (flag, message) => {
      const result = await runCli(['talk', '--no-speaker', '--once', '--text', 'hi', flag, FULL], { env: env() });
      expectOneLine(result, 2, message);
    });
  },
);

describe('deep JSON', () => {
  it('mint --config 5,000 levels deep → exit 2 naming the limit, not an internal error', async () => {
    const file = path.join(dir, 'deep.json');
    writeFileSync(file, deepConfig(5000));
    expectOneLine(
      await runCli(['mint', '--config', `@${file}`], { env: env() }),
      2,
      /--config @.*deep\.json is nested deeper than 64 levels/,
    );
  });

  it('the emulator answers a 5,000-deep body 400, and its admin listing stays healthy', async () => {
    const body = `{"bidiGenerateContentSetup":{"model":"models/gemini-3.8-live",${deepConfig(5000).slice(1, -1)}}}`;
    const reply = await fetch(`${emulator.baseUrl}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': CANARY_KEY },
      body,
    });
    const text = await reply.text();
    expect(reply.status, text).toBe(400);
    expect(text).toMatch(/nested deeper than 64 levels/);
    const tokens = await fetch(`${emulator.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': CANARY_KEY } });
    expect(tokens.status).toBe(200);
    expectNoCanary({ reply: text, emulatorLog: emulator.log() });
  });
});

describe('--once and a server close 1000', () => {
  let peer: HostilePeer | undefined;
  afterAll(async () => peer?.close());

  it('closed 1000 by the server before any complete turn → exit 5', async () => {
    peer = await hostileWs((socket) => {
      socket.once('message', () => {
        socket.send(JSON.stringify({ setupComplete: {} }));
        setTimeout(() => socket.close(1000, ''), 50);
      });
    });
    const result = await runCli(
      [
        'talk',
        '--no-speaker',
        '--once',
        '--text',
        'hi',
        '--token',
        `auth_tokens/${'a'.repeat(64)}`,
        '--base-url',
        peer.baseUrl,
      ],
      { env: { GEMINI_API_KEY: CANARY_KEY } },
    );
    expectOneLine(result, 5, /the server ended the session before the model answered \(--once\)/);
  });
});
