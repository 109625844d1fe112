// A hand-driven Clock (src/clock.ts) for tests: time moves only when the test says so.
// `advance(ms)` fires due timers in time order; `advanceAsync(ms)` also lets promise callbacks run
// between timers, which code that awaits sleep() in a loop (retries, reconnects) needs.

import type { Cancel, Clock } from '../../src/clock.js';

interface Timer {
  readonly id: number;
  at: number;
  readonly fn: () => void;
  readonly every?: number;
}

export class FakeClock implements Clock {
  #wall: number;
  #mono = 0;
  #nextId = 1;
  #timers: Timer[] = [];

  constructor(startWallMs = Date.UTC(2026, 11, 1, 0, 0, 0)) {
    this.#wall = startWallMs;
  }

  now(): number {
    return this.#wall;
  }

  monotonic(): number {
    return this.#mono;
  }

  setTimeout(fn: () => void, ms: number): Cancel {
    return this.#add(fn, Math.max(0, ms));
  }

  setInterval(fn: () => void, ms: number): Cancel {
    return this.#add(fn, Math.max(1, ms), Math.max(1, ms));
  }

  /** Number of scheduled timers (intervals count once). */
  get pending(): number {
    return this.#timers.length;
  }

  /** Milliseconds until the next timer fires, or undefined when none is scheduled. */
  nextDelay(): number | undefined {
    const next = this.#sorted()[0];
    return next === undefined ? undefined : next.at - this.#mono;
  }

  /** Moves time forward synchronously, firing due timers in order. */
  advance(ms: number): void {
    const target = this.#mono + ms;
    for (let timer = this.#due(target); timer; timer = this.#due(target)) this.#fire(timer);
    this.#move(target);
  }

  /** Like advance, but awaits pending promise work before and after each timer. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.#mono + ms;
    await flushPromises();
    for (let timer = this.#due(target); timer; timer = this.#due(target)) {
      this.#fire(timer);
      await flushPromises();
    }
    this.#move(target);
    await flushPromises();
  }

  /** Fires timers (awaiting promise work between them) until none is left or `limit` fired. */
  async runAllAsync(limit = 1_000): Promise<void> {
    await flushPromises();
    for (let i = 0; i < limit; i += 1) {
      const delay = this.nextDelay();
      if (delay === undefined) return;
      await this.advanceAsync(delay);
    }
    throw new Error(`FakeClock.runAllAsync: still ${this.pending} timers after ${limit} steps`);
  }

  #add(fn: () => void, ms: number, every?: number): Cancel {
    const timer: Timer = { id: this.#nextId++, at: this.#mono + ms, fn, ...(every ? { every } : {}) };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  #sorted(): Timer[] {
    return [...this.#timers].sort((a, b) => a.at - b.at || a.id - b.id);
  }

  #due(target: number): Timer | undefined {
    const next = this.#sorted()[0];
    return next && next.at <= target ? next : undefined;
  }

  #fire(timer: Timer): void {
    this.#move(timer.at);
    if (timer.every) timer.at += timer.every;
    else this.#timers = this.#timers.filter((t) => t !== timer);
    timer.fn();
  }

  #move(to: number): void {
    if (to > this.#mono) {
      this.#wall += to - this.#mono;
      this.#mono = to;
    }
  }
}

/** Lets queued promise callbacks (several hops deep) run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
