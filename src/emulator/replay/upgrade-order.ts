// What a replayed upgrade meets when the recording decided it at the upgrade, before any setup: a
// refusal (plain HTTP), or a session the upstream ended before the client's setup was recorded.
// Other sessions are matched by their setup, which comes later; these have none, so recording order
// decides: an upgrade on a route meets such a recording when it comes, among the route's unused
// recordings, before the next setup-matched session (counting past the sessions that accepted
// upgrades are about to take). Pure bookkeeping.

import type { LiveCassette, RefusedUpgrade } from './load.js';

export type AtUpgrade = RefusedUpgrade | LiveCassette;

export class UpgradeOrder {
  readonly #met = new Set<AtUpgrade>();
  /** Per route: upgrades accepted whose setup has not picked a cassette yet. */
  readonly #pending = new Map<string, number>();

  constructor(
    /** The setup-matched sessions (their `used` set is the replayer's). */
    private readonly sessions: readonly LiveCassette[],
    private readonly atUpgrade: readonly AtUpgrade[],
    private readonly sessionsUsed: ReadonlySet<LiveCassette>,
  ) {}

  /** What this upgrade meets (now used), or undefined: a setup will pick its session; call settled() then. */
  next(route: string): AtUpgrade | undefined {
    const pending = this.#pending.get(route) ?? 0;
    const ahead = this.sessions
      .filter((c) => c.route === route && !this.sessionsUsed.has(c))
      .map((c) => c.order)
      .sort((a, b) => a - b);
    const nextSession = ahead[pending] ?? Number.POSITIVE_INFINITY;
    const met = this.atUpgrade
      .filter((r) => r.route === route && !this.#met.has(r) && r.order < nextSession)
      .reduce<AtUpgrade | undefined>(
        (first, r) => (first === undefined || r.order < first.order ? r : first),
        undefined,
      );
    if (met) this.#met.add(met);
    else this.#pending.set(route, pending + 1);
    return met;
  }

  /** An accepted upgrade's setup picked a cassette, or the socket closed first. */
  settled(route: string): void {
    this.#pending.set(route, Math.max(0, (this.#pending.get(route) ?? 0) - 1));
  }
}
