// Ctrl-Z during `talk`. Raw mode turns off the terminal's own job control, so Ctrl-Z arrives as a
// key (\x1a) and used to go nowhere. Here it does what the terminal would have done — SIGTSTP to
// the foreground process group (talk, its mic child, the rest of a pipeline) — after the terminal
// is put back (raw mode off, status line cleared), so the shell gets a sane terminal. On SIGCONT
// (`fg`) the keys go raw again and the line is redrawn. While stopped nothing of talk runs: the mic
// child is stopped with it, the socket stays open; a server that gave up meanwhile is met by the
// session's usual resume on the next send.

import type { Clock } from '../clock.js';

/** A stop signal to an orphaned process group (no job-control shell above it) is discarded by the kernel. */
const DISCARDED_STOP_MS = 250;

export interface SuspendHooks {
  /** Give the terminal back: raw mode off, status line cleared. */
  leave(): void;
  /** Take it again after `fg`: raw mode on, status line redrawn. */
  enter(): void;
}

export interface ProcessLike {
  readonly platform: string;
  kill(pid: number, signal: string): unknown;
  on(event: 'SIGCONT', listener: () => void): unknown;
  off(event: 'SIGCONT', listener: () => void): unknown;
}

export function createSuspender(
  hooks: SuspendHooks,
  clock: Clock,
  proc: ProcessLike = process,
): { suspend(): void; dispose(): void } {
  let suspended = false;
  let cancel: (() => void) | undefined;
  const resume = (): void => {
    if (!suspended) return;
    suspended = false;
    proc.off('SIGCONT', resume);
    cancel?.();
    hooks.enter();
  };
  return {
    suspend() {
      if (suspended || proc.platform === 'win32') return;
      hooks.leave();
      suspended = true;
      proc.on('SIGCONT', resume);
      proc.kill(0, 'SIGTSTP');
      // Runs first after `fg` too (timers before signal watchers); resume() is idempotent.
      cancel = clock.setTimeout(resume, DISCARDED_STOP_MS);
    },
    dispose() {
      suspended = false;
      proc.off('SIGCONT', resume);
      cancel?.();
    },
  };
}
