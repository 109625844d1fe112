// When to replace a connection after goAway (https://ai.google.dev/gemini-api/docs/live-session). Resuming needs a
// resumable handle. A turn in flight is allowed to finish — and the handle the server takes after
// it is awaited briefly — so the resumed context includes the reply, but never past the server's
// deadline minus a margin: the old socket must be closed (and audio re-routed) before the server
// drops it, or frames sent into it would be lost.

import type { TalkEvent } from './events.js';

export interface ResumeTimings {
  readonly resumeMarginMs: number;
  readonly handleGraceMs: number;
}

export class ResumePlan {
  readonly #timings: ResumeTimings;
  handle: string | undefined;
  goAwaySeen = false;
  #resumeBy = 0;
  #awaitHandleUntil: number | undefined;

  constructor(timings: ResumeTimings) {
    this.#timings = timings;
  }

  /** Plans the replacement; returns the event that tells the user (and --events) about it. */
  goAway(now: number, timeLeftMs: number | undefined): TalkEvent {
    this.goAwaySeen = true;
    // Unknown timeLeft: assume none.
    this.#resumeBy = now + Math.max(0, (timeLeftMs ?? 0) - this.#timings.resumeMarginMs);
    return { type: 'goAway', timeLeftMs: timeLeftMs ?? null, resumable: this.handle !== undefined };
  }

  newHandle(handle: string): void {
    this.handle = handle;
    this.#awaitHandleUntil = undefined;
  }

  /** A turn completed: the handle we hold predates it. */
  turnComplete(now: number): void {
    if (this.goAwaySeen) this.#awaitHandleUntil = now + this.#timings.handleGraceMs;
  }

  /** Whether to close the doomed connection now. */
  due(now: number, turnInFlight: boolean): boolean {
    if (!this.goAwaySeen || this.handle === undefined) return false;
    const waitingForHandle = this.#awaitHandleUntil !== undefined && now < this.#awaitHandleUntil;
    return !((turnInFlight || waitingForHandle) && now < this.#resumeBy);
  }

  /** The new connection is up. */
  resumed(): void {
    this.goAwaySeen = false;
    this.#awaitHandleUntil = undefined;
  }
}
