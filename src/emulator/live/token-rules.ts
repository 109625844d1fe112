// A token's time and use limits, checked when a session's setup arrives (https://ai.google.dev/api/live).
// A setup carrying sessionResumption.handle is a resume: it may start after newSessionExpireTime but
// never after expireTime. The docs say a resume consumes no use; the real service was seen to charge
// one (quirk `resume-costs-use`), refusing a resume on a spent token like a new session.

import type { TokenRecord } from '../token-store.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';

const spent = (token: TokenRecord): boolean => token.uses !== 0 && token.usesConsumed >= token.uses;

/** The close to send, or undefined when the session may start. Pure: consumes nothing. */
export function checkTokenAtSetup(
  token: TokenRecord,
  now: number,
  resuming: boolean,
  resumeCostsUse = false,
): CloseSpec | undefined {
  if (!resuming) {
    if (now >= token.newSessionExpireTime) return { code: CloseCode.internal, reason: Reason.newSessionExpired };
    if (now >= token.expireTime) return { code: CloseCode.internal, reason: Reason.tokenExpired };
    if (spent(token)) return { code: CloseCode.internal, reason: Reason.usesExhausted };
    return undefined;
  }
  if (now >= token.expireTime) return { code: CloseCode.internal, reason: Reason.tokenExpired };
  if (resumeCostsUse && spent(token)) return { code: CloseCode.internal, reason: Reason.usesExhausted };
  return undefined;
}

/** Counts one use: every new session, and every resume under `resume-costs-use`. */
export function consumeUse(token: TokenRecord): void {
  token.usesConsumed += 1;
}
