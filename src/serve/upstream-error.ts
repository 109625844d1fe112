// A failed upstream mint → what the caller of POST /token learns. Only our own fixed wording crosses
// over: the upstream body (which a hostile or misconfigured upstream could fill with anything, the
// key included) stays out of the reply. The log line gets the typed error's message, redacted.

import { ApiRejectedError, AuthError, GemtokenError, NetworkError } from '../errors.js';

export interface ErrorReply {
  readonly status: number;
  readonly error: string;
}

export function upstreamReply(error: unknown): ErrorReply {
  if (error instanceof AuthError) return { status: 502, error: "the token service refused this server's API key" };
  // error-mapping.ts words every 429 this way; a quota problem is worth telling apart from a bad request.
  if (error instanceof ApiRejectedError && error.message.startsWith('rate limited')) {
    return { status: 502, error: 'the token service is rate limiting this server; try again later' };
  }
  if (error instanceof ApiRejectedError)
    return { status: 502, error: "the token service refused this server's token request" };
  if (error instanceof NetworkError) return { status: 502, error: 'the token service is unavailable; try again later' };
  if (error instanceof GemtokenError) return { status: 500, error: 'the token server is misconfigured' };
  return { status: 500, error: 'internal error' };
}
