// The token endpoint as a Node `http` request listener: routing, the caller checks in a fixed order
// (origin, rate, bearer, body size, concurrency: each cheaper than the next and all before any
// upstream request), one mint, and one log line per request. Every reply is JSON except the page.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PreparedMint } from '../mint-token.js';
import { clientAddress, rateKey, type TrustedProxies } from './client-address.js';
import { readSmallBody, sendJson as send } from './http-io.js';
import { answeredBecause } from '../graceful-close.js';
import { judgeOrigin, type OriginVerdict } from './origin.js';
import type { RateLimiter } from './rate-limit.js';
import type { ApiVersion } from '../token/client/http-request.js';
import { ApiRejectedError, AuthError, GemtokenError, NetworkError } from '../errors.js';

export type TokenListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface HandlerParts {
  readonly mint: PreparedMint;
  /** The API the tokens come from: wsUrl is built from it. */
  readonly baseUrl: string;
  /** The `--allow-origin` list as a matcher (origin-pattern.ts). */
  readonly allowOrigins: (origin: string) => boolean;
  /** `--trust-proxy`: whose X-Forwarded-For names the client (client-address.ts). */
  readonly trustProxy?: TrustedProxies | undefined;
  readonly bearer?: ((authorization: string | undefined) => boolean) | undefined;
  readonly limiter?: RateLimiter | undefined;
  readonly maxConcurrentMints: number;
  readonly page?: ((path: string, res: ServerResponse) => Promise<boolean>) | undefined;
  readonly log?: ((line: string) => void) | undefined;
  /** Applied to every log line (the key, tokens). */
  readonly redact: (text: string) => string;
  /** Applied to every answer (the key and the bearer secret; a minted token is what an answer is for). */
  readonly redactAnswer: (text: string) => string;
  /** Aborted only to stop mints at a forced shutdown; a graceful one lets them finish. */
  readonly signal: AbortSignal;
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Why it ended the way it did, for the log line. */
  note: string;
}

export function createTokenHandler(parts: HandlerParts): TokenListener {
  let inFlight = 0;
  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
    send(res, status, body, headers, parts.redactAnswer);

  const token = async (x: Exchange): Promise<void> => {
    const waitMs = parts.limiter?.take(rateKey(clientAddress(x.req, parts.trustProxy))) ?? 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      x.note = 'rate limited';
      return sendJson(
        x.res,
        429,
        { error: `too many token requests; retry after ${seconds}s` },
        { 'retry-after': String(seconds) },
      );
    }
    if (parts.bearer && !parts.bearer(x.req.headers.authorization)) {
      x.note = x.req.headers.authorization === undefined ? 'no credentials' : 'wrong credentials';
      return sendJson(
        x.res,
        401,
        { error: 'a valid Authorization: Bearer header is required' },
        { 'www-authenticate': 'Bearer' },
      );
    }
    if (!(await readSmallBody(x.req))) {
      if (answeredByServer(x)) return;
      // Destroyed: the client left, or a stop closed it before its body had all arrived.
      x.note = x.res.destroyed ? 'closed before its body arrived' : 'body too large';
      return sendJson(x.res, 413, { error: 'request body over 1 KiB' }, { connection: 'close' });
    }
    if (inFlight >= parts.maxConcurrentMints) {
      x.note = 'busy';
      return sendJson(x.res, 503, { error: 'too many token requests in flight; try again' }, { 'retry-after': '1' });
    }
    inFlight += 1;
    try {
      const minted = await parts.mint(parts.signal);
      if (answeredByServer(x)) return;
      const { name, expireTime, newSessionExpireTime, apiVersion } = minted;
      sendJson(x.res, 200, {
        name,
        expireTime,
        newSessionExpireTime,
        apiVersion,
        model: minted.model ?? null,
        wsUrl: constrainedWsUrl(parts.baseUrl, apiVersion),
      });
    } catch (error) {
      if (answeredByServer(x)) return;
      const reply = upstreamReply(error);
      x.note = error instanceof Error ? error.message : String(error);
      sendJson(x.res, reply.status, { error: reply.error });
    } finally {
      inFlight -= 1;
    }
  };

  const tokenRoute = async (x: Exchange, verdict: OriginVerdict): Promise<void> => {
    if (verdict === 'refused') {
      x.note = `origin ${x.req.headers.origin ?? ''} not allowed`;
      return sendJson(x.res, 403, { error: 'this origin may not request tokens' });
    }
    if (x.req.method === 'OPTIONS') {
      const privateNetwork =
        verdict === 'allowed' && x.req.headers['access-control-request-private-network'] === 'true';
      x.res.writeHead(204, {
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
      });
      return void x.res.end();
    }
    if (x.req.method !== 'POST') return sendJson(x.res, 405, { error: 'use POST /token' }, { allow: 'POST, OPTIONS' });
    return token(x);
  };

  const route = async (x: Exchange): Promise<void> => {
    const verdict = judgeOrigin(x.req, parts.allowOrigins);
    // Set on the response, not per answer: every answer to an allowed page carries them, including
    // those written by the server itself (the stop's 503, the request timeout's 408: graceful-close.ts),
    // so the page sees the status it can retry instead of a CORS error.
    x.res.setHeader('vary', 'Origin');
    if (verdict === 'allowed') x.res.setHeader('access-control-allow-origin', x.req.headers.origin!);
    const path = pathOf(x.req.url);
    if (path === '/token') return tokenRoute(x, verdict);
    if (path === '/healthz' && (x.req.method === 'GET' || x.req.method === 'HEAD'))
      return sendJson(x.res, 200, { ok: true });
    if (x.req.method === 'GET' && path !== undefined && parts.page && (await parts.page(path, x.res))) return;
    return sendJson(x.res, 404, { error: 'not found' });
  };

  return (req, res) => {
    const started = performance.now();
    const x: Exchange = { req, res, note: '' };
    res.once('close', () => {
      if (!parts.log) return;
      const ms = Math.round(performance.now() - started);
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      const note = answeredBecause(res) ?? x.note;
      const line = `${req.method ?? '?'} ${pathOf(req.url) ?? '(bad path)'} ${status} ${ms}ms ${req.socket.remoteAddress ?? ''}${note ? ` (${note})` : ''}`;
      parts.log(parts.redact(line.replace(/\s+/g, ' ')));
    });
    route(x).catch((error: unknown) => {
      x.note = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
}

/** The server answered on its own (the stop's 503, a request timeout's 408: graceful-close.ts): nothing more to send. */
function answeredByServer(x: Exchange): boolean {
  return x.res.headersSent;
}

/** The path only: a query string may carry anything (even a key pasted by mistake), so it is never logged. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://x').pathname;
  } catch {
    return undefined;
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
