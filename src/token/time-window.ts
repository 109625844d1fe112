// expireTime / newSessionExpireTime from --ttl/--expire-at and --new-session-ttl/--new-session-expire-at.
// Both must be less than 20 h ahead (https://ai.google.dev/api/live). We also require both in the future and the
// new-session deadline not after the expiry (the server's rule there is UNCONFIRMED; a later
// new-session deadline would be meaningless, so we refuse it rather than mint a surprising token).

import { UsageError } from '../errors.js';
import { formatHumanDuration, requirePositiveDuration } from './duration.js';

export const MAX_AHEAD_MS = 20 * 3_600_000;
export const DEFAULT_TTL_MS = 30 * 60_000;
export const DEFAULT_NEW_SESSION_TTL_MS = 60_000;

export interface TimeWindowFlags {
  readonly ttl?: string | undefined;
  readonly expireAt?: string | undefined;
  readonly newSessionTtl?: string | undefined;
  readonly newSessionExpireAt?: string | undefined;
}

export interface TimeWindow {
  /** RFC 3339 with milliseconds, as `Date.prototype.toISOString` writes it. */
  readonly expireTime: string;
  readonly newSessionExpireTime: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function resolveTimeWindow(flags: TimeWindowFlags, nowMs: number): TimeWindow {
  const expire = pick('--ttl', flags.ttl, '--expire-at', flags.expireAt, nowMs);
  const newSession = pick(
    '--new-session-ttl',
    flags.newSessionTtl,
    '--new-session-expire-at',
    flags.newSessionExpireAt,
    nowMs,
  );
  const expireMs = expire?.at ?? nowMs + DEFAULT_TTL_MS;
  // An unset new-session deadline follows the API default (60 s) but never outlives a shorter expiry.
  const newSessionMs = newSession?.at ?? Math.min(nowMs + DEFAULT_NEW_SESSION_TTL_MS, expireMs);
  for (const [flag, at] of [
    [expire?.flag, expireMs],
    [newSession?.flag, newSessionMs],
  ] as const) {
    if (flag === undefined) continue;
    if (at <= nowMs) throw new UsageError(`${flag} must be in the future`);
    if (at - nowMs >= MAX_AHEAD_MS) {
      throw new UsageError(
        `${flag} must be less than 20h ahead (got ${formatHumanDuration(at - nowMs)})`,
        'the API refuses token lifetimes of 20 hours or more',
      );
    }
  }
  if (newSessionMs > expireMs) {
    throw new UsageError(
      `the new-session deadline (${new Date(newSessionMs).toISOString()}) is after the token expiry (${new Date(expireMs).toISOString()})`,
      'make --new-session-ttl shorter than --ttl',
    );
  }
  return { expireTime: new Date(expireMs).toISOString(), newSessionExpireTime: new Date(newSessionMs).toISOString() };
}

function pick(
  ttlFlag: string,
  ttl: string | undefined,
  atFlag: string,
  at: string | undefined,
  nowMs: number,
): { flag: string; at: number } | undefined {
  if (ttl !== undefined && at !== undefined) throw new UsageError(`use either ${ttlFlag} or ${atFlag}, not both`);
  if (ttl !== undefined) return { flag: ttlFlag, at: nowMs + requirePositiveDuration(ttlFlag, ttl) };
  if (at !== undefined) return { flag: atFlag, at: parseRfc3339(atFlag, at) };
  return undefined;
}

export function parseRfc3339(flag: string, text: string): number {
  const ms = RFC3339.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`${flag} '${text}' is not an RFC 3339 time`, 'use e.g. 2026-12-01T15:30:00Z');
  }
  return ms;
}
