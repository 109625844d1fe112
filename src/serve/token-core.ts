// The token endpoint's request logic, once, on the Fetch API (Request → Response, no Node module):
// src/fetch.ts hands it to Bun, Deno, Workers, Hono and Next.js as is, and serveTokens()'s Node
// listener (handler.ts) adapts a node:http request to it. The caller checks run in a fixed order
// (origin, rate, bearer, body size, concurrency: each cheaper than the next and all before any
// upstream request), then one mint. Every answer is JSON (a preflight's is empty).

import { declaredOver, readStreamBytes, TooLargeError } from '../bounded-reply.js';
import { ApiRejectedError, AuthError, GemtokenError, NetworkError } from '../errors.js';
import type { PreparedMint } from '../mint-token.js';
import type { ApiVersion } from '../token/client/http-request.js';
import type { BearerCheck } from './bearer.js';
import { judgeOrigin, type OriginVerdict } from './origin.js';

/** The request body is not used; the limit keeps a client from making us buffer. */
export const MAX_BODY_BYTES = 1024;

/**
 * Milliseconds until `client` may mint again, 0 to let it mint now (and count it). The default is
 * this instance's token bucket (rate-limit.ts); the `rateLimit` option puts a shared counter here.
 * `Source` is the request as the runtime handed it over (a Fetch Request, Node's IncomingMessage):
 * the caller's check gets what its own framework gave it, and the core never looks inside.
 */
export type RateCheck<Source = Request> = (client: string, request: Source) => number | Promise<number>;

export interface TokenCoreParts<Source = Request> {
  readonly mint: PreparedMint;
  /** The API the tokens come from: wsUrl is built from it. */
  readonly baseUrl: string;
  /** The `--allow-origin` list as a matcher (origin-pattern.ts). */
  readonly allowOrigins: (origin: string) => boolean;
  readonly bearer?: BearerCheck | undefined;
  readonly rateLimit?: RateCheck<Source> | undefined;
  readonly maxConcurrentMints: number;
  /** Applied to every answer (the key and the bearer secret; a minted token is what an answer is for). */
  readonly redactAnswer: (text: string) => string;
  /**
   * Aborted only to stop mints at a forced shutdown; a graceful one lets them finish. Without one,
   * each mint gets a signal of its own: Cloudflare Workers refuse a signal made while answering one
   * request in the fetch of another ("Cannot perform I/O on behalf of a different request").
   */
  readonly signal?: AbortSignal | undefined;
}

/** What the runtime knows of the caller that the Request does not carry. */
export interface Caller<Source = Request> {
  /** The rate-limit bucket (rate-key.ts). */
  readonly client: string;
  /** The request as the runtime handed it over, for the `rateLimit` check (RateCheck). */
  readonly source: Source;
  /** The request reached a loopback address; undefined where the runtime does not say (origin.ts). */
  readonly loopbackSocket?: boolean | undefined;
}

/**
 * The answer, and why it ended that way for the log line. Plain data, not a Response: the Fetch face
 * makes one (answerResponse), the Node listener writes it straight, as a Response with a body costs a
 * stream to build and another to read (on Node 20 about a tenth of a token's CPU in `serve`).
 */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text; null for a preflight's empty 204. */
  readonly body: string | null;
  readonly note: string;
}

export function answerResponse(answer: Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export type TokenCore<Source = Request> = (request: Request, caller: Caller<Source>) => Promise<Answer>;

export function corsHeaders(verdict: OriginVerdict, origin: string | null): Record<string, string> {
  return verdict === 'allowed' && origin !== null
    ? { vary: 'Origin', 'access-control-allow-origin': origin }
    : { vary: 'Origin' };
}

export function createTokenCore<Source = Request>(parts: TokenCoreParts<Source>): TokenCore<Source> {
  let inFlight = 0;
  // baseUrl is fixed: one URL per API version, not one parse per token.
  const wsUrls: Partial<Record<ApiVersion, string>> = {};

  const token = async (request: Request, caller: Caller<Source>, json: Reply): Promise<Answer> => {
    let waitMs: number;
    try {
      waitMs = parts.rateLimit === undefined ? 0 : await parts.rateLimit(caller.client, caller.source);
      if (typeof waitMs !== 'number' || Number.isNaN(waitMs)) throw new Error(`it returned ${typeof waitMs}`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return json(503, { error: 'the rate limit check failed; try again' }, `rate limit check failed: ${why}`, {
        'retry-after': '1',
      });
    }
    if (waitMs > 0) {
      const seconds = Math.min(Math.ceil(waitMs / 1000), 86_400);
      return json(429, { error: `too many token requests; retry after ${seconds}s` }, 'rate limited', {
        'retry-after': String(seconds),
      });
    }
    const authorization = request.headers.get('authorization');
    if (parts.bearer && !(await parts.bearer(authorization))) {
      return json(
        401,
        { error: 'a valid Authorization: Bearer header is required' },
        authorization === null ? 'no credentials' : 'wrong credentials',
        { 'www-authenticate': 'Bearer' },
      );
    }
    const body = await readBody(request);
    if (body !== 'ok') {
      const note = body === 'over' ? 'body too large' : 'closed before its body arrived';
      return json(413, { error: 'request body over 1 KiB' }, note);
    }
    if (inFlight >= parts.maxConcurrentMints) {
      return json(503, { error: 'too many token requests in flight; try again' }, 'busy', { 'retry-after': '1' });
    }
    inFlight += 1;
    try {
      const minted = await parts.mint(parts.signal ?? new AbortController().signal);
      const { name, expireTime, newSessionExpireTime, apiVersion } = minted;
      return json(200, {
        name,
        expireTime,
        newSessionExpireTime,
        apiVersion,
        model: minted.model ?? null,
        wsUrl: (wsUrls[apiVersion] ??= constrainedWsUrl(parts.baseUrl, apiVersion)),
      });
    } catch (error) {
      const reply = upstreamReply(error);
      return json(reply.status, { error: reply.error }, error instanceof Error ? error.message : String(error));
    } finally {
      inFlight -= 1;
    }
  };

  return async (request, caller) => {
    const origin = request.headers.get('origin');
    const verdict = judgeOrigin(origin, request.headers.get('host'), parts.allowOrigins, caller.loopbackSocket);
    const cors = corsHeaders(verdict, origin);
    const json = replier(cors, parts.redactAnswer);
    try {
      if (verdict === 'refused')
        return json(403, { error: 'this origin may not request tokens' }, `origin ${origin} not allowed`);
      if (request.method === 'OPTIONS') return preflight(request, verdict, cors);
      if (request.method !== 'POST') return json(405, { error: 'use POST /token' }, '', { allow: 'POST, OPTIONS' });
      return await token(request, caller, json);
    } catch (error) {
      return json(
        500,
        { error: 'internal error' },
        `internal error: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

type Reply = (status: number, body: unknown, note?: string, headers?: Record<string, string>) => Answer;

/** JSON answers that are never cached; `scrub` (the key and the bearer in every form) passes every answer, header values included. */
function replier(cors: Record<string, string>, scrub: (text: string) => string): Reply {
  return (status, body, note = '', headers = {}) => {
    const scrubbed = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, scrub(value)]));
    return {
      status,
      headers: {
        ...cors,
        ...scrubbed,
        'content-type': 'application/json; charset=utf-8',
        // Tokens are credentials: no shared cache or browser cache keeps one.
        'cache-control': 'no-store',
      },
      body: scrub(JSON.stringify(body)),
      note,
    };
  };
}

function preflight(request: Request, verdict: OriginVerdict, cors: Record<string, string>): Answer {
  const privateNetwork =
    verdict === 'allowed' && request.headers.get('access-control-request-private-network') === 'true';
  return {
    status: 204,
    body: null,
    note: '',
    headers: {
      ...cors,
      allow: 'POST, OPTIONS',
      ...(verdict === 'allowed'
        ? {
            'access-control-allow-methods': 'POST',
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-max-age': '600',
          }
        : {}),
      // Chrome asks before a public page may call a server on this machine or network.
      ...(privateNetwork ? { 'access-control-allow-private-network': 'true' } : {}),
    },
  };
}

/** 'ok' once the whole body is read within MAX_BODY_BYTES; 'over' past it (nothing more is read); 'lost' when it broke off. */
async function readBody(request: Request): Promise<'ok' | 'over' | 'lost'> {
  if (declaredOver(request.headers.get('content-length'), MAX_BODY_BYTES)) return 'over';
  try {
    await readStreamBytes(request.body, MAX_BODY_BYTES);
    return 'ok';
  } catch (error) {
    return error instanceof TooLargeError ? 'over' : 'lost';
  }
}

// The Live endpoint a page opens with its token (https://ai.google.dev/api/live): the Constrained method, which
// takes ephemeral tokens only, on the version that minted the token. The token itself is not part of
// the URL here; the page adds it (the SDK as `?access_token=`).
export function constrainedWsUrl(baseUrl: string, apiVersion: ApiVersion): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // One slash: the SDK's `//ws/` is a quirk the real server tolerates, not something to teach.
  const base = url.toString().replace(/\/+$/, '');
  return `${base}/ws/google.ai.generativelanguage.${apiVersion}.GenerativeService.BidiGenerateContentConstrained`;
}

// A failed upstream mint → what the caller of POST /token learns. Only our own fixed wording crosses
// over: the upstream body (which a hostile or misconfigured upstream could fill with anything, the
// key included) stays out of the reply. The log line gets the typed error's message, redacted.
export function upstreamReply(error: unknown): { readonly status: number; readonly error: string } {
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
