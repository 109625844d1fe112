// Watching a spawned binary for the properties: its peak memory (VmHWM, from /proc, sampled while it
// runs so the last sample before exit is the process's high-water mark), its natural exit within a
// bound, and the checks every failure must pass (a code from the README's table, one line, no stack).

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { hasStack, stopOnce, type Running, type Stopped } from '../security/stop-once.js';

/**
 * Samples the process's VmHWM (kB) every 20 ms until `stop()`, which returns the largest seen;
 * `onSample` hears each new peak (a peer stops streaming once the bound is passed).
 */
export function sampleHighWater(pid: number, onSample: (kb: number) => void = () => undefined): () => number {
  let peak = 0;
  const sample = (): void => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match && Number(match[1]) > peak) onSample((peak = Number(match[1])));
    } catch {
      // gone: the last sample stands
    }
  };
  sample();
  const timer = setInterval(sample, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** Resolves when the process exits on its own, or SIGKILLs it after `boundMs` and says it hung. */
export async function exitWithin(run: Running, boundMs: number): Promise<Stopped> {
  const { child } = run;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('close', (code, signal) => resolve({ code, signal }));
  });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), boundMs)));
  const first = await Promise.race([closed, bound]);
  clearTimeout(timer);
  if (first !== 'hung') return { hung: false, ...first, stdout: run.stdout(), stderr: run.stderr() };
  child.kill('SIGKILL');
  return { hung: true, ...(await closed), stdout: run.stdout(), stderr: run.stderr() };
}

/** One SIGTERM, and how long the process took to exit after it (its own `close` event). */
export async function sigtermTimed(run: Running): Promise<Stopped & { ms: number }> {
  const started = performance.now();
  const stopped = await stopOnce(run, 'SIGTERM');
  return { ...stopped, ms: Math.round(performance.now() - started) };
}

/** The exit codes the README's table gives a run that no signal stopped, less 1 (a bug) and 6 (audio). */
export const SERVER_FACING_CODES = [0, 3, 4, 5];

/** Lines that report progress, not the failure: warnings, notes and retry notices. */
const PROGRESS = /^gemtoken: (warning|note)|; retrying in \d+/;

/** A failure is one `gemtoken:` line (a hint may follow), with no stack trace anywhere. */
export function expectCleanExit(result: Stopped, codes: readonly number[]): void {
  expect(result.hung, `still running at the bound; stderr: ${result.stderr.slice(0, 400)}`).toBe(false);
  expect(
    codes,
    `exit ${result.code} (${result.signal ?? 'no signal'}); stderr: ${result.stderr.slice(0, 400)}`,
  ).toContain(result.code);
  expect(hasStack(result.stderr) || hasStack(result.stdout), result.stderr.slice(0, 400)).toBe(false);
  if (result.code !== 0)
    expect(
      result.stderr.split('\n').filter((line) => line.startsWith('gemtoken:') && !PROGRESS.test(line)).length,
      result.stderr.slice(0, 400),
    ).toBe(1);
}
