// Leftovers of handlers that exited normally (a background job, a setsid daemon) are ended in one
// /proc scan for every run that finished within REAP_DELAY_MS, not one scan per call: a toolCall of
// 2,000 calls would otherwise scan /proc 2,000 times. flush() ends whatever is pending at once (the
// session's end); a timeout or a cancel never waits for this, it ends the tree on the spot.

import type { Cancel, Clock } from '../clock.js';
import { endLeftovers } from './tree.js';

export const REAP_DELAY_MS = 200;

export class Reaper {
  readonly #clock: Clock;
  readonly #pending = new Set<string>();
  #cancel: Cancel | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The run marked `marker` has exited: end what it left, soon. */
  afterExit(marker: string): void {
    this.#pending.add(marker);
    this.#cancel ??= this.#clock.setTimeout(() => this.flush(), REAP_DELAY_MS);
  }

  flush(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    const markers = [...this.#pending];
    this.#pending.clear();
    endLeftovers(markers);
  }
}
