// A session's deadlines on the emulator's clock, cancelled together when the session ends.

import type { Cancel, EmulatorClock } from '../clock.js';
import type { EmulatorOptions } from '../core.js';
import type { ConnectionScript } from '../scenario/schema.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';

type Guard = (fn: () => void) => void;

export class SessionTimers {
  readonly #cancels = new Set<Cancel>();

  constructor(private readonly clock: EmulatorClock) {}

  at(delayMs: number, fn: () => void, guard: Guard): void {
    const cancel = this.clock.setTimeout(
      () => {
        this.#cancels.delete(cancel);
        guard(fn);
      },
      Math.max(0, delayMs),
    );
    this.#cancels.add(cancel);
  }

  /** goAway{timeLeft} `leadMs` (default: goAwayLeadMs) before the end of the connection, then the end itself. */
  lifetime(
    lifetimeMs: number,
    leadMs: number | undefined,
    goAway: (timeLeft: string) => void,
    end: () => void,
    guard: Guard,
  ): void {
    const lead = Math.min(lifetimeMs, leadMs ?? goAwayLeadMs(lifetimeMs));
    if (lead > 0) this.at(lifetimeMs - lead, () => goAway(formatWireDuration(lead)), guard);
    this.at(lifetimeMs, end, guard);
  }

  clear(): void {
    for (const cancel of this.#cancels) cancel();
    this.#cancels.clear();
  }
}

/**
 * How each connection ends: a --scenario's connection block (e.g. exported from a recording) scripts
 * every lifetime; otherwise the options' lifetime, closed the way the profile says. The real service
 * was seen ending a lifetime with 1011 "Deadline expired…" (quirk `lifetime-deadline-1011`); the docs
 * describe 1008.
 */
export function connectionEnd(
  options: Pick<EmulatorOptions, 'connectionLifetimeMs' | 'goAwayLeadMs' | 'quirks'>,
  script: ConnectionScript | undefined,
): { lifetimeMs: number; leadMs: number | undefined; end: CloseSpec } {
  const end: CloseSpec =
    script?.close ??
    (options.quirks['lifetime-deadline-1011']
      ? { code: CloseCode.internal, reason: Reason.deadline }
      : { code: CloseCode.policy, reason: Reason.lifetime });
  if (script) return { lifetimeMs: script.lifetimeMs, leadMs: script.goAwayLeadMs, end };
  return { lifetimeMs: options.connectionLifetimeMs, leadMs: options.goAwayLeadMs, end };
}

// google.protobuf.Duration in its JSON form: seconds with 0, 3, 6 or 9 fractional digits and an
// "s" suffix ("5s", "0.600s"), as goAway.timeLeft carries it.
export function formatWireDuration(ms: number): string {
  const totalMs = Math.max(0, Math.round(ms));
  const seconds = Math.floor(totalMs / 1000);
  const millis = totalMs % 1000;
  return millis === 0 ? `${seconds}s` : `${seconds}.${String(millis).padStart(3, '0')}s`;
}

/** How long before the end of a connection the goAway goes out: 5 s, or a fifth of short lifetimes. */
export function goAwayLeadMs(lifetimeMs: number): number {
  return Math.min(5000, Math.floor(lifetimeMs / 5));
}
