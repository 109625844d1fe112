// "No process left": every child a test starts (directly or through the binary) carries a marker in
// its environment (the ALSA sandbox HOME, the demo's GEMTOKEN_DEMO_TEST), so what outlived the run
// is found in /proc (Linux) by that marker.

import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Pids of live (not zombie) processes whose environment mentions `marker`, other than this one. */
export function processesWithEnv(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = safeRead(`/proc/${entry}/environ`);
    const status = safeRead(`/proc/${entry}/status`);
    if (environ.includes(marker) && !/State:\s+Z/.test(status)) pids.push(Number(entry));
  }
  return pids;
}

/** "pid command line" of each process left with `marker`, for a failure message that says what. */
function leftovers(marker: string): string[] {
  return processesWithEnv(marker).map(
    (pid) => `${pid} ${safeRead(`/proc/${pid}/cmdline`).replaceAll('\0', ' ').trim()}`,
  );
}

/**
 * Passes once no process carries `marker`, polling for at most `graceMs` (a pipe a test wrapper
 * drains, such as the pacing `pv`, ends a moment after the program it serves). `graceMs: 0`
 * asserts right now: for a program that waits for all its children before it exits.
 */
export async function expectNoProcessLeft(marker: string, options: { graceMs?: number } = {}): Promise<void> {
  const graceMs = options.graceMs ?? 5000;
  if (graceMs === 0) expect(leftovers(marker), 'processes left').toEqual([]);
  else
    await expect
      .poll(() => leftovers(marker), { timeout: graceMs, interval: 50, message: 'processes left' })
      .toEqual([]);
}

function safeRead(file: string): string {
  try {
    return readFileSync(file).toString('latin1');
  } catch {
    return '';
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
