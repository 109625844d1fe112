// Spawns the built binary and samples its resident memory (VmRSS) until it exits, so a test can say
// "under N MB all along" of a hostile case. Linux only (/proc); callers skip elsewhere.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';

/** The bound README states for talk and mint (and the emulator's startup reading): 200 MB RSS. */
export const RSS_BOUND_KB = 200 * 1024;
export const CAN_MEASURE = existsSync('/proc/self/status');

export function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // already gone
  }
}

export interface Measured {
  readonly child: ChildProcess;
  /** The highest VmRSS sampled so far (every 10 ms). */
  peakKb(): number;
  stderr(): string;
  stdout(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

export function spawnMeasured(
  args: readonly string[],
  env: Record<string, string>,
  stdin: 'ignore' | 'pipe' = 'ignore',
): Measured {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: scrubbedEnv(env),
    cwd: ROOT,
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let peak = 0;
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const sample = setInterval(() => (peak = Math.max(peak, rssKb(child.pid!))), 10);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearInterval(sample);
      resolve(code);
    }),
  );
  return { child, peakKb: () => peak, stderr: () => stderr, stdout: () => stdout, exited };
}

/** The `gemtoken:` lines of stderr (the hint lines aside). */
export const errorLines = (stderr: string): string[] =>
  stderr
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('gemtoken:'));
