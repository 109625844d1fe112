// A session's deadlines on the emulator's clock, cancelled together when the session ends.

import type { Cancel, EmulatorClock } from '../clock.js';
import { formatDuration, goAwayLeadMs } from './duration.js';

type Guard = (fn: () => void) => void;

export class SessionTimers {
  readonly #cancels = new Set<Cancel>();

  constructor(private readonly clock: EmulatorClock) {}

  at(delayMs: number, fn: () => void, guard: Guard): void {
    const cancel = this.clock.setTimeout(() => {
      this.#cancels.delete(cancel);
      guard(fn);
    }, Math.max(0, delayMs));
    this.#cancels.add(cancel);
  }

  /** goAway{timeLeft} `leadMs` (default: goAwayLeadMs) before the end of the connection, then the end itself. */
  lifetime(lifetimeMs: number, leadMs: number | undefined, goAway: (timeLeft: string) => void, end: () => void, guard: Guard): void {
    const lead = Math.min(lifetimeMs, leadMs ?? goAwayLeadMs(lifetimeMs));
    if (lead > 0) this.at(lifetimeMs - lead, () => goAway(formatDuration(lead)), guard);
    this.at(lifetimeMs, end, guard);
  }

  clear(): void {
    for (const cancel of this.#cancels) cancel();
    this.#cancels.clear();
  }
}
