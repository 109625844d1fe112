// When the playback pump next has something to do. It used to tick every 20 ms for as long as a
// turn was open, so while the model streamed at real-time pace (each chunk written on arrival) the
// loop woke 50 times a second to find nothing to write: a third of talk's wake-ups
// (profiled). Now the pump sleeps until the device will have room for a worthwhile slice, until its
// silence fill runs low, or until the device runs dry, and every enqueue moves that time.

import type { Cancel, Clock } from '../../clock.js';

export interface PumpState {
  /** Audio (and fill) in the device that has not played yet. */
  readonly leadMs: number;
  readonly queuedMs: number;
  /** A turn is open and its silence fill is not used up: keep ≥ fillLowMs in the device. */
  readonly filling: boolean;
  /** Someone waits in drained() and the last model audio ends this far ahead (≤ 0: played). */
  readonly drainInMs: number | undefined;
}

export interface PumpTimings {
  /** Most audio ever in the device. */
  readonly leadLimitMs: number;
  /** Top the device up once it has room for this much (or for all that is queued). */
  readonly refillMs: number;
  /** Silence fill tops the device up when its lead falls to this. */
  readonly fillLowMs: number;
}

/** Milliseconds from now until the pump has work; undefined when only the next enqueue() can give it some. */
export function msUntilWork(state: PumpState, timings: PumpTimings): number | undefined {
  const { leadMs, queuedMs } = state;
  if (queuedMs > 0) return Math.max(0, leadMs - (timings.leadLimitMs - Math.min(timings.refillMs, queuedMs)));
  if (state.filling) return Math.max(0, leadMs - timings.fillLowMs);
  if (state.drainInMs !== undefined && state.drainInMs > 0) return state.drainInMs;
  // Wake once more when the device runs dry: drained() and the next turn's timeline start there.
  return leadMs > 0 ? leadMs : undefined;
}

/** One timer, moved rather than added to: `at(ms)` replaces whatever was set. */
export class WakeTimer {
  #cancel: Cancel | undefined;
  #due: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {}

  /**
   * Fires `ms` from now (rounded up: Node's timers count whole milliseconds, and a fractional
   * delay wakes the loop twice), or never when undefined. A timer due within a millisecond of
   * that is kept: moving it would cost more than the difference.
   */
  at(ms: number | undefined): void {
    const due = ms === undefined ? undefined : this.clock.monotonic() + Math.ceil(ms);
    if (due === undefined ? this.#due === undefined : this.#due !== undefined && Math.abs(due - this.#due) < 1) return;
    this.cancel();
    if (due === undefined) return;
    this.#due = due;
    this.#cancel = this.clock.setTimeout(() => {
      this.#cancel = undefined;
      this.#due = undefined;
      this.fire();
    }, Math.ceil(ms!));
  }

  cancel(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#due = undefined;
  }
}
