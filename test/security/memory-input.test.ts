// Inputs are streamed with their header checked first. `talk --input /dev/zero`
// used to read the whole (endless) file before looking at it; now, as a WAV it fails at once, and
// as raw PCM it streams at real-time pace in bounded memory. Text inputs are capped at 1 MiB.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, ROOT, runCli, scrubbedEnv, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

const ZERO = '/dev/zero';
const RSS_BOUND_KB = 200 * 1024;
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await spawnEmulator(['--api-key', CANARY_KEY]);
});
afterAll(async () => emulator?.stop());

const env = (): Record<string, string> => ({ GEMINI_API_KEY: CANARY_KEY, GEMTOKEN_BASE_URL: emulator.baseUrl });

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

async function audioBytesIn(): Promise<number> {
  const reply = await fetch(`${emulator.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': CANARY_KEY } });
  const { sessions } = (await reply.json()) as { sessions: Array<{ audioBytesIn?: number }> };
  return sessions.reduce((sum, s) => sum + (s.audioBytesIn ?? 0), 0);
}

function expectOneLine(result: RunResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(hasStackTrace(result)).toBe(false);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('gemtoken:'));
  expect(lines).toEqual([expect.stringMatching(message)]);
  expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
}

describe.skipIf(!existsSync(ZERO) || !existsSync('/proc/self/status'))('bounded memory on endless inputs', () => {
  it('talk --input /dev/zero (as a WAV) → exit 2 "not a WAV file" at once', async () => {
    expectOneLine(
      await runCli(['talk', '--no-speaker', '--input', ZERO], { env: env(), timeoutMs: 15_000 }),
      2,
      /\/dev\/zero is not a WAV file \(no RIFF\/WAVE header\)/,
    );
  });

  it('talk --input /dev/zero --input-format s16le streams a few seconds, RSS under 200 MB all along', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'talk', '--no-speaker', '--input', ZERO, '--input-format', 's16le:16000:1'],
      { env: scrubbedEnv(env()), cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout!.resume();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let peak = 0;
    try {
      // 3 s of 16 kHz s16le audio reached the server; the RSS is sampled all the while.
      await expect
        .poll(
          async () => {
            peak = Math.max(peak, rssKb(child.pid!));
            if (peak > RSS_BOUND_KB) return -1;
            return audioBytesIn();
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBeGreaterThanOrEqual(3 * 32_000);
      expect(peak).toBeLessThan(RSS_BOUND_KB);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    expectNoCanary({ stderr });
  });

  // With --fast the file is read as fast as the socket takes it, never faster.
  // It used to be read as fast as the disk gives it (talk grew to ~1 GB in 40 s).
  it('talk --input /dev/zero --fast: 128 MB reach the server, RSS under 200 MB all along', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'talk', '--no-speaker', '--input', ZERO, '--input-format', 's16le:16000:1', '--fast'],
      { env: scrubbedEnv(env()), cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.resume();
    child.stderr!.resume();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let peak = 0;
    try {
      await expect
        .poll(
          async () => {
            peak = Math.max(peak, rssKb(child.pid!));
            return peak > RSS_BOUND_KB ? -1 : audioBytesIn();
          },
          { timeout: 120_000, interval: 100 },
        )
        .toBeGreaterThanOrEqual(128 * 1024 * 1024);
      expect(peak).toBeLessThan(RSS_BOUND_KB);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
  }, 150_000);

  it.each([
    [
      ['mint', '--api-key-file', ZERO],
      /cannot read --api-key-file '\/dev\/zero': it is larger than 1 MiB, the limit for text inputs/,
    ],
    [['mint', '--config', `@${ZERO}`], /cannot read --config file '\/dev\/zero': it is larger than 1 MiB/],
    [
      ['mint', '--system-instruction', `@${ZERO}`],
      /cannot read --system-instruction file '\/dev\/zero': it is larger than 1 MiB/,
    ],
  ])('%j → exit 2 naming the file and the 1 MiB cap', async (args, message) => {
    expectOneLine(await runCli(args, { env: env(), timeoutMs: 15_000 }), 2, message);
  });

  it.each([
    [['mint', '--api-key-stdin'], /cannot read the API key from stdin: it is larger than 1 MiB/],
    [['mint', '--config', '-'], /cannot read --config from stdin: it is larger than 1 MiB/],
    [['talk', '--no-speaker', '--token', '-', '--text', 'hi'], /stdin is larger than 1 MiB, the limit for text inputs/],
  ])('%j with 3 MiB on stdin → exit 2 naming the cap', async (args, message) => {
    const input = Buffer.alloc(3 * 1024 * 1024, 0x61);
    expectOneLine(
      await runCli(args, {
        env: args.includes('--api-key-stdin') ? { GEMTOKEN_BASE_URL: emulator.baseUrl } : env(),
        input,
        timeoutMs: 15_000,
      }),
      2,
      message,
    );
  });
});
