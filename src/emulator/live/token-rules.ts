// A token's time and use limits, checked when a session's setup arrives (protocol.md §1.3, §2.8).
// A setup carrying sessionResumption.handle is a resume: it consumes no use and may start after
// newSessionExpireTime, but never after expireTime.

import type { TokenRecord } from '../token-store.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';

/** The close to send, or undefined when the session may start. Pure: consumes nothing. */
export function checkTokenAtSetup(token: TokenRecord, now: number, resuming: boolean): CloseSpec | undefined {
  if (!resuming) {
    if (now >= token.newSessionExpireTime) return { code: CloseCode.internal, reason: Reason.newSessionExpired };
    if (now >= token.expireTime) return { code: CloseCode.internal, reason: Reason.tokenExpired };
    if (token.uses !== 0 && token.usesConsumed >= token.uses) return { code: CloseCode.internal, reason: Reason.usesExhausted };
    return undefined;
  }
  if (now >= token.expireTime) return { code: CloseCode.internal, reason: Reason.tokenExpired };
  return undefined;
}

/** Counts one use for a new (non-resumed) session. */
export function consumeUse(token: TokenRecord): void {
  token.usesConsumed += 1;
}
