// The session's clock tick (retries, resume deadlines, the end of a finished input), carried by
// the capture frames while they flow. A tick of its own is one more wake-up of the event loop, and
// waking is most of what an idle-looking process costs (profiled: 10 wake-ups a second,
// ~0.3 ms of CPU each on the bench machine); a frame already woke the loop every 20 ms. So a frame
// that arrives when the tick is nearly due takes it along, and the timer fires only when no frame
// came in time (--text, the end of a file, a stalled pipe; muted frames still flow and carry it).

import type { Cancel, Clock } from '../../clock.js';

export class Ticker {
  readonly #clock: Clock;
  readonly #periodMs: number;
  /** How early a carried tick may come: one frame, so some frame always falls in the window. */
  readonly #earlyMs: number;
  readonly #tick: () => void;
  #last = 0;
  #cancel: Cancel | undefined;

  constructor(clock: Clock, periodMs: number, earlyMs: number, tick: () => void) {
    this.#clock = clock;
    this.#periodMs = periodMs;
    this.#earlyMs = Math.min(earlyMs, periodMs / 2);
    this.#tick = tick;
  }

  start(): void {
    this.#last = this.#clock.monotonic();
    this.#arm(false);
  }

  /** Something woke the loop anyway (a capture frame, at `now`): tick now if the next tick is nearly due. */
  carry(now: number): void {
    if (this.#cancel && now - this.#last >= this.#periodMs - this.#earlyMs) this.#fire(now);
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #fire(now: number, carried = true): void {
    this.#last = now;
    this.#arm(carried);
    this.#tick();
  }

  /**
   * After a carried tick the fallback waits two periods, not one. Node does not re-aim its timer
   * when the earliest timeout is cleared, so the loop still wakes at the cleared one's time: with
   * one period, the old fallback fell within a frame of the next frame's wake-up and was often
   * the earliest, and each carried tick cost that wake-up anyway (strace: ~7 a second). The cost:
   * when frames stop, the first tick of the timer's own comes up to one period later.
   */
  #arm(carried: boolean): void {
    this.#cancel?.();
    this.#cancel = this.#clock.setTimeout(
      () => {
        this.#cancel = undefined;
        this.#fire(this.#clock.monotonic(), false);
      },
      carried ? 2 * this.#periodMs : this.#periodMs,
    );
  }
}
