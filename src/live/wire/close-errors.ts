// Close codes and reasons → one typed error with a plain-English hint. The server documents no table of reasons, so
// we match substrings of what has been seen. Auth-looking reasons win over the code: a used-up token arrives as
// 1011, a token on the wrong method as 1008, and both are the user's credential problem (exit 3), not an outage.

import { ApiRejectedError, AuthError, NetworkError, type GemtokenError } from '../../errors.js';
import { printable } from '../../printable.js';
import type { TransportFailure } from '../transport/transport.js';
import { isScenarioClose } from './close-kind.js';

export interface CloseContext {
  readonly apiVersion: string;
  readonly model: string;
  /** The flag that bounds the setup wait, named in a timeout's hint (talk's --connect-timeout by default). */
  readonly timeoutFlag?: string;
}

interface Rule {
  readonly test: (code: number, reason: string) => boolean;
  readonly make: (what: string, ctx: CloseContext) => GemtokenError;
}

const has = (pattern: RegExp) => (_code: number, reason: string) => pattern.test(reason);
const code =
  (...codes: number[]) =>
  (c: number) =>
    codes.includes(c);

const MINT_AGAIN = 'mint a new token (gemtoken mint), or set GEMINI_API_KEY and let talk mint one';

const RULES: readonly Rule[] = [
  {
    // First: the emulator's --scenario closes 1007 "scenario NAME: turn N …" when the client sends what
    // its script does not expect (the reason may quote the user's text, which must not match a rule below).
    test: isScenarioClose,
    make: (what) =>
      new ApiRejectedError(
        `the emulator's scenario refused the session: ${what}`,
        "change what you send, or the scenario file's turn (its expect or toolCall); the emulator's log has the whole reason",
      ),
  },
  {
    test: has(/used too many times|uses? (?:exhausted|exceeded)/i),
    make: (what) =>
      new AuthError(`the token is used up: ${what}`, `a single-use token opens one session; ${MINT_AGAIN}`),
  },
  {
    test: has(/new_session_expire_time|new session/i),
    make: (what) =>
      new AuthError(
        `the token can no longer open sessions: ${what}`,
        `new sessions must start within the token's new-session window (default 60 s); ${MINT_AGAIN}`,
      ),
  },
  {
    test: (_c, reason) => /token/i.test(reason) && /api version|v1(?:alpha|beta)?\b/i.test(reason),
    make: (what, ctx) =>
      new AuthError(
        `the token does not work on ${ctx.apiVersion}: ${what}`,
        "use the --api-version the token was minted with (mint's JSON carries it; `mint | talk --token -` picks it up)",
      ),
  },
  {
    test: has(
      /API key not valid|token is not valid|unregistered callers|unauthenticated|permission denied|invalid (?:auth|access )?token|token (?:is )?(?:not found|invalid|unknown)/i,
    ),
    make: (what, ctx) =>
      new AuthError(
        `the token was not accepted: ${what}`,
        `a token only works on the API version it was minted for (this session used ${ctx.apiVersion}); check --api-version, or ${MINT_AGAIN}`,
      ),
  },
  {
    // lifetime-deadline-1011: the lifetime close says "Deadline expired"; it is not about the token.
    test: has(/deadline expired before operation|connection lifetime/i),
    make: (what) =>
      new NetworkError(
        `the connection reached its time limit: ${what}`,
        'the session could not be resumed; start talk again',
      ),
  },
  {
    test: has(/expire/i),
    make: (what) => new AuthError(`the token has expired: ${what}`, MINT_AGAIN),
  },
  {
    test: (c, reason) => c === 1008 && /not found|not supported/i.test(reason),
    make: (what, ctx) =>
      new ApiRejectedError(
        `the model was refused: ${what}`,
        `check --model (${ctx.model}) and --api-version (${ctx.apiVersion}); gemini-3.8-live is the default Live model`,
      ),
  },
  {
    test: code(1007, 1008),
    make: (what) =>
      new ApiRejectedError(
        `the Live API rejected the session: ${what}`,
        'a setup field or value is not accepted for this model; check --modality, --voice and --temperature',
      ),
  },
  {
    test: code(1009),
    make: (what) =>
      new ApiRejectedError(
        `the Live API refused a message as too large: ${what}`,
        'this is probably a bug in gemtoken; rerun with --verbose and report it',
      ),
  },
  {
    test: has(/RESOURCE_EXHAUSTED|quota|rate limit/i),
    make: (what) =>
      new ApiRejectedError(
        `the Live API refused the session for quota: ${what}`,
        'wait and retry, or check your project quota',
      ),
  },
];

/** `code` and `reason` of a close the client did not ask for; the reason is shown as printable text. */
export function closeError(closeCode: number, reason: string, ctx: CloseContext): GemtokenError {
  const what = describeClose(closeCode, reason);
  const rule = RULES.find((r) => r.test(closeCode, reason));
  if (rule) return rule.make(what, ctx);
  if (closeCode === 1006) {
    return new NetworkError(
      `the connection to the Live API dropped: ${what}`,
      'check your network; a resumable session is resumed only after a goAway',
    );
  }
  return new NetworkError(
    `the Live API ended the session: ${what}`,
    'the service failed or is unavailable; retry in a moment',
  );
}

/** Our own socket closed the connection: a server frame broke the WebSocket protocol or its limits. */
export function clientCloseError(closeCode: number, reason: string): GemtokenError {
  return new NetworkError(
    `gemtoken closed the connection: the server sent a frame it could not accept (${describeClose(closeCode, reason)})`,
    'the server broke the WebSocket protocol; retry, and report it if it happens again (--verbose shows more)',
  );
}

/** An HTTP status that refused the WebSocket upgrade (the client sees 1006 without a close frame). */
export function upgradeError(status: number, ctx: CloseContext): GemtokenError {
  const what = `the WebSocket upgrade was refused with HTTP ${status}`;
  if (status === 401 || status === 403)
    return new AuthError(what, `check the token and --api-version (${ctx.apiVersion}); ${MINT_AGAIN}`);
  if (status === 404) return new ApiRejectedError(what, 'check --base-url and --api-version');
  if (status === 429) return new ApiRejectedError(what, 'too many sessions or requests; wait and retry');
  return new NetworkError(what, 'the service is unavailable; retry in a moment');
}

/** The reason is the server's text (at most 123 bytes by the WebSocket RFC): shown without control sequences. */
export function describeClose(closeCode: number, reason: string): string {
  const text = printable(reason).trim();
  return text ? `close ${closeCode} "${text}"` : `close ${closeCode}`;
}

/** A connect that never reached setupComplete → the error the user sees. */
export function failureError(failure: TransportFailure, ctx: CloseContext): GemtokenError {
  switch (failure.kind) {
    case 'closed':
      return closeError(failure.code, failure.reason, ctx);
    case 'http':
      return upgradeError(failure.status, ctx);
    case 'timeout':
      return new NetworkError(
        `the Live API did not complete the session setup within ${Math.round(failure.ms / 1000)} s`,
        `check --base-url and that --api-version (${ctx.apiVersion}) matches the token; raise ${ctx.timeoutFlag ?? '--connect-timeout'} on slow links`,
      );
    case 'network':
      return new NetworkError(
        `cannot reach the Live API: ${failure.message}`,
        'check --base-url and your network connection',
      );
  }
}

/** The close a failed connect amounts to: the server's own close frame, else 1006 named after the failure. */
export function failureClose(failure: TransportFailure): { code: number; reason: string } {
  return failure.kind === 'closed'
    ? { code: failure.code, reason: failure.reason }
    : { code: 1006, reason: failure.kind };
}

/** The server closed after goAway without ever offering a resumption handle. */
export function unresumableError(closeCode: number): GemtokenError {
  return new NetworkError(
    `the connection reached its time limit before the server offered a resumption handle (close ${closeCode})`,
    'start talk again; the conversation could not be resumed',
  );
}
