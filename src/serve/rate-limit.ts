// Per-client rate limit for POST /token: a token bucket per remote address (`--rate 10/min` refills
// 10 mints per minute, bursts up to 10). State lives in this process only: behind a load balancer
// each instance limits on its own; a shared limit is the proxy's job, or (gemtoken/fetch) the caller's
// own counter through tokenHandler()'s `rateLimit` option, which takes this bucket's place.

import { UsageError } from '../errors.js';

export interface Rate {
  readonly count: number;
  readonly windowMs: number;
}

const UNITS: Record<string, number> = { s: 1_000, sec: 1_000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 };

/** `10/min`, `2/s`, `100/h`; `off` → undefined (no limit: the proxy in front limits). */
export function parseRate(text: string): Rate | undefined {
  if (text.trim() === 'off') return undefined;
  const match = /^\s*(\d{1,6})\s*\/\s*([a-z]+)\s*$/.exec(text);
  const windowMs = match ? UNITS[match[2]!] : undefined;
  const count = match ? Number(match[1]) : 0;
  if (windowMs === undefined || count < 1) {
    throw new UsageError(`--rate '${text}' is not a rate`, 'use e.g. 10/min, 2/s or 100/h (or off)');
  }
  return { count, windowMs };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets beyond this many clients: full ones are dropped first (they carry no information). */
const MAX_CLIENTS = 10_000;

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #rate: Rate;
  readonly #now: () => number;

  constructor(rate: Rate, now: () => number) {
    this.#rate = rate;
    this.#now = now;
  }

  /** 0 when `client` may mint now (and spends one), else the milliseconds until it may. */
  take(client: string): number {
    const now = this.#now();
    const perMs = this.#rate.count / this.#rate.windowMs;
    const bucket = this.#buckets.get(client) ?? { tokens: this.#rate.count, at: now };
    bucket.tokens = Math.min(this.#rate.count, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > MAX_CLIENTS) this.#prune(now, perMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perMs);
  }

  #prune(now: number, perMs: number): void {
    for (const [client, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= this.#rate.count) this.#buckets.delete(client);
    }
    // Still too many (a flood of distinct addresses): forget the least recently seen.
    for (const client of this.#buckets.keys()) {
      if (this.#buckets.size <= MAX_CLIENTS) break;
      this.#buckets.delete(client);
    }
  }
}
