// What a close (or a failed connect) means for a session that holds a resumption handle:
// - token: the token cannot open this connection (used up, new-session window passed, expired,
//   refused at the upgrade) → a fresh token can resume with the same handle (resume-costs-use);
// - deadline: the connection's lifetime ended (lifetime-deadline-1011: "Deadline expired before operation could
//   complete.") → a normal resume, even when the goAway before it was missed;
// - transient: the service or the network failed (preview models: 1011 "Internal error encountered.", 1006) →
//   resume, a bounded number of times;
// - fatal: anything else (setup refused, model unknown, …) → the session ends with closeError.
// "expired" alone is not a token reason: the lifetime-deadline-1011 close contains it too.
// The emulator's --scenario refusal comes first: its reason may quote the user's text, which could
// read like any of the reasons above ("is my token expired?").

import type { TransportFailure } from '../transport/transport.js';

export type CloseKind = 'token' | 'deadline' | 'transient' | 'fatal';

const TOKEN =
  /used too many times|uses? (?:exhausted|exceeded)|new_session_expire_time|new session|token[^.]*expire|expire_time/i;
const DEADLINE = /deadline expired before operation|connection lifetime/i;
const TRANSIENT_CODES = [1006, 1011, 1012, 1013, 1014];

/** The emulator's --scenario refused a turn (1007 "scenario NAME: turn N …"): never resumed. */
export function isScenarioClose(code: number, reason: string): boolean {
  return code === 1007 && /^scenario .+?: turn \d+ /.test(reason);
}

export function classifyClose(code: number, reason: string): CloseKind {
  if (isScenarioClose(code, reason)) return 'fatal';
  if (TOKEN.test(reason)) return 'token';
  if (DEADLINE.test(reason)) return 'deadline';
  if (/RESOURCE_EXHAUSTED|quota|rate limit/i.test(reason)) return 'fatal';
  return TRANSIENT_CODES.includes(code) ? 'transient' : 'fatal';
}

export function classifyFailure(failure: TransportFailure): CloseKind {
  switch (failure.kind) {
    case 'closed':
      return classifyClose(failure.code, failure.reason);
    case 'http':
      // A token refused at the upgrade (401/403); 5xx and 429 are the service's trouble.
      if (failure.status === 401 || failure.status === 403) return 'token';
      return failure.status >= 500 || failure.status === 429 ? 'transient' : 'fatal';
    case 'timeout':
    case 'network':
      return 'transient';
  }
}
