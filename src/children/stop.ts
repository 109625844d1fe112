// Ending a child this program started, one rule for every path (the microphone's arecord or sox,
// talk's ffmpeg, demo's emulator and talk): SIGTERM, then SIGKILL if it is still there after the
// grace period. Our ends of its pipes are closed once it is gone or given up on, so anything still
// writing into them (a pacing wrapper, a sox pipeline) gets EPIPE and exits instead of blocking on
// a full pipe. Time comes from the injected clock, so tests drive the grace period.

import type { ChildProcess } from 'node:child_process';
import type { Clock } from '../clock.js';

/** Resolves once the child has exited (or could not start), whichever is first; never rejects. */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()).once('error', () => resolve()));
}

/**
 * `exited` is the caller's own view of the child's end (its 'exit' or 'close'), so a child whose
 * output is still being read counts as gone only when the caller says so.
 */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  clock: Pick<Clock, 'setTimeout'>,
  graceMs: number,
): Promise<void> {
  const release = (): void => {
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return release();
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    child.kill(signal);
    if (await within(exited, clock, graceMs)) return release();
  }
  release();
}

function within(exited: Promise<void>, clock: Pick<Clock, 'setTimeout'>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = clock.setTimeout(() => resolve(false), ms);
    void exited.then(() => {
      cancel();
      resolve(true);
    });
  });
}
