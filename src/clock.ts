// Time as a port: session timers, retry backoff and playback pacing take a Clock so tests can
// drive them with a fake one (test/fakes/fake-clock.ts).

export type Cancel = () => void;

export interface Clock {
  /** Milliseconds since the epoch (wall time; used for token expiry). */
  now(): number;
  /** Monotonic milliseconds (used for pacing and latency). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): Cancel;
  setInterval(fn: () => void, ms: number): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
  setInterval(fn, ms) {
    const handle = setInterval(fn, ms);
    return () => clearInterval(handle);
  },
};

/** Resolves after `ms` on the given clock, or rejects with the signal's reason when aborted. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits for `promise`, but at most `ms` on the clock; the timer is cancelled either way, so it never outlives the wait. */
export async function waitAtMost(clock: Clock, ms: number, promise: Promise<unknown>): Promise<void> {
  let cancel: Cancel = () => undefined;
  const timeout = new Promise<void>((resolve) => (cancel = clock.setTimeout(resolve, ms)));
  try {
    await Promise.race([promise, timeout]);
  } finally {
    cancel();
  }
}
