// Whether a replayed upgrade meets a recorded refusal. Sessions are matched by their setup, which
// comes after the upgrade; a refusal has none, so recording order decides: an upgrade on a route
// is refused when the earliest unused recording of that route, counting past the sessions that
// upgrades already accepted are about to take, is a refusal. Pure bookkeeping.

import type { LiveCassette, RefusedUpgrade } from './load.js';

export class UpgradeOrder {
  readonly #refusalsUsed = new Set<RefusedUpgrade>();
  /** Per route: upgrades accepted whose setup has not picked a cassette yet. */
  readonly #pending = new Map<string, number>();

  constructor(
    private readonly sessions: readonly LiveCassette[],
    private readonly refusals: readonly RefusedUpgrade[],
    private readonly sessionsUsed: ReadonlySet<LiveCassette>,
  ) {}

  /** The refusal this upgrade meets (now used), or undefined: accept it, and call settled() later. */
  next(route: string): RefusedUpgrade | undefined {
    const pending = this.#pending.get(route) ?? 0;
    const ahead = this.sessions.filter((c) => c.route === route && !this.sessionsUsed.has(c)).map((c) => c.order).sort((a, b) => a - b);
    const nextSession = ahead[pending] ?? Number.POSITIVE_INFINITY;
    const refusal = this.refusals.find((r) => r.route === route && !this.#refusalsUsed.has(r) && r.order < nextSession);
    if (refusal) this.#refusalsUsed.add(refusal);
    else this.#pending.set(route, pending + 1);
    return refusal;
  }

  /** An accepted upgrade's setup picked a cassette, or the socket closed first. */
  settled(route: string): void {
    this.#pending.set(route, Math.max(0, (this.#pending.get(route) ?? 0) - 1));
  }
}
