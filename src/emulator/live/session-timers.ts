// A session's deadlines. All timers are unref'd: the HTTP server keeps the process alive, and a
// test or CLI that closes the server must not wait on a session's lifetime timer.

import { formatDuration, goAwayLeadMs } from './duration.js';

type Guard = (fn: () => void) => void;

/** setTimeout's delay is a signed 32-bit ms count; longer delays would fire at once. */
const MAX_DELAY = 2_147_483_647;

export class SessionTimers {
  readonly #handles = new Set<NodeJS.Timeout>();

  at(delayMs: number, fn: () => void, guard: Guard): void {
    const handle = setTimeout(() => {
      this.#handles.delete(handle);
      guard(fn);
    }, Math.min(MAX_DELAY, Math.max(0, delayMs)));
    handle.unref();
    this.#handles.add(handle);
  }

  /** goAway{timeLeft} some seconds before the end of the connection, then the end itself. */
  lifetime(lifetimeMs: number, goAway: (timeLeft: string) => void, end: () => void, guard: Guard): void {
    const lead = goAwayLeadMs(lifetimeMs);
    if (lead > 0) this.at(lifetimeMs - lead, () => goAway(formatDuration(lead)), guard);
    this.at(lifetimeMs, end, guard);
  }

  clear(): void {
    for (const handle of this.#handles) clearTimeout(handle);
    this.#handles.clear();
  }
}
