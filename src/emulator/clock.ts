// The emulator's one source of time: model-turn pacing, session deadlines, sweeps, request timing
// and token expiry all read it, so tests drive the emulator by hand instead of sleeping. It has the
// shape of the client's Clock (src/clock.ts) but is declared here: the emulator shares no runtime
// code with the client side.

export type Cancel = () => void;

export interface EmulatorClock {
  /** Milliseconds since the epoch (token and handle expiry, log timestamps). */
  now(): number;
  /** Monotonic milliseconds (turn pacing, request durations). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): Cancel;
  setInterval(fn: () => void, ms: number): Cancel;
}

/** setTimeout's delay is a signed 32-bit ms count; longer delays would fire at once. */
const MAX_DELAY = 2_147_483_647;

const clamp = (ms: number): number => Math.min(MAX_DELAY, Math.max(0, ms));

/**
 * Real time. Every timer is unref'd: the HTTP server keeps the process alive, and a test or CLI that
 * closes the server must not wait on a session's lifetime timer or a sweep.
 */
export const systemEmulatorClock: EmulatorClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, clamp(ms));
    handle.unref();
    return () => clearTimeout(handle);
  },
  setInterval(fn, ms) {
    const handle = setInterval(fn, clamp(ms));
    handle.unref();
    return () => clearInterval(handle);
  },
};

/** `clock` with its wall time taken from `now` (the `gemtoken emulator` command passes its Context's). */
export function withWallTime(clock: EmulatorClock, now: () => number): EmulatorClock {
  return {
    now,
    monotonic: () => clock.monotonic(),
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    setInterval: (fn, ms) => clock.setInterval(fn, ms),
  };
}
