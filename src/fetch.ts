// `gemtoken/fetch`: the token endpoint as a Fetch-API handler, for the runtimes built on Request and
// Response (Bun, Deno, Cloudflare Workers, Hono, Next.js route handlers). The same request logic as
// serveTokens() and `gemtoken serve` (serve/token-core.ts); nothing on this entry's import path uses a
// `node:` module (test/unit/fetch/no-node.test.ts): minting goes over the global fetch, time
// comes from Date and randomness from Web Crypto. docs/library.md describes it.

import { UsageError } from './errors.js';
import { rateKey } from './serve/rate-key.js';
import { answerResponse, createTokenCore, type Answer } from './serve/token-core.js';
import { resolveTokenOptions, type TokenOptions } from './serve/token-options.js';

export { GemtokenError, UsageError } from './errors.js';
export type { Duration, MintTokenOptions } from './mint-token.js';
export type { Rate } from './serve/rate-limit.js';

/** `rateLimit(client, request)` gets the Fetch Request and the key from `clientAddress`. */
export interface TokenHandlerOptions extends TokenOptions<Request> {
  /**
   * The caller's address, for the rate limit, from the handler's own arguments. By default: Deno's
   * `info.remoteAddr.hostname` (`Deno.serve`'s second argument), Bun's `server.requestIP(request)`
   * (`Bun.serve`'s second argument), on Cloudflare Workers the `CF-Connecting-IP` header (set by
   * Cloudflare's edge; elsewhere any client could send it, so it is read only there). Anywhere else
   * (Next.js, Hono, Node) there is no address: those callers share one bucket unless this function
   * names them, e.g. from the header your own proxy sets. IPv6 addresses are limited per /64.
   */
  readonly clientAddress?: (request: Request, ...rest: unknown[]) => string | undefined;
  /**
   * Answer only this path (e.g. `'/token'`), 404 elsewhere: for `Bun.serve`, `Deno.serve` and a
   * Worker, which hand the handler every request. By default it answers whatever path it is mounted
   * at, as a framework route (Hono, Next.js) has already routed the request.
   */
  readonly path?: string;
}

/** `(request, ...rest) => Promise<Response>`: never rejects; `rest` is what the runtime passes after the request. */
export type TokenHandler = (request: Request, ...rest: unknown[]) => Promise<Response>;

/** Bucket of the callers no address is known for. */
const UNKNOWN_CLIENT = 'unknown';

/**
 * The token endpoint as a Fetch handler: POST → `{name, expireTime, newSessionExpireTime,
 * apiVersion, model, wsUrl}`; OPTIONS → the CORS preflight; any other method 405. Refusals in
 * gemtoken's own words: 403 (origin), 401 (bearer), 413 (body over 1 KiB), 429 (rate), 503 (busy,
 * or the rateLimit check failed), 502 (the token service refused or failed), 500; 404 off `path`.
 * No answer ever carries the API key, the bearer secret or the token service's own body.
 * Options are checked here, once: a bad one throws UsageError.
 */
export function tokenHandler(options: TokenHandlerOptions): TokenHandler {
  const { clientAddress, path, ...shared } = (options ?? {}) as TokenHandlerOptions;
  const resolved = resolveTokenOptions(shared, 'tokenHandler');
  if (clientAddress !== undefined && typeof clientAddress !== 'function')
    throw new UsageError('tokenHandler: clientAddress must be a function (request, ...rest) => address');
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/')))
    throw new UsageError(`tokenHandler: path must start with '/', e.g. '/token'`);
  const core = createTokenCore({ ...resolved.parts, rateLimit: resolved.rateLimit });
  const find = clientAddress ?? runtimeAddress;
  const log = resolved.log;

  return async (request, ...rest) => {
    const started = Date.now();
    let address: string | undefined;
    let pathname = '(bad path)';
    let answer: Answer;
    try {
      pathname = new URL(request.url).pathname;
      address = find(request, ...rest);
      if (typeof address !== 'string' || address === '') address = undefined;
      answer =
        path !== undefined && pathname !== path
          ? { status: 404, headers: NOT_FOUND, body: JSON.stringify({ error: 'not found' }), note: '' }
          : await core(request, {
              client: address === undefined ? UNKNOWN_CLIENT : rateKey(address),
              source: request,
            });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const body = JSON.stringify({ error: 'internal error' });
      answer = { status: 500, headers: NOT_FOUND, body, note: `internal error: ${why}` };
    }
    if (log) {
      const { note } = answer;
      const line = `${request.method} ${pathname} ${answer.status} ${Date.now() - started}ms ${address ?? ''}${note ? ` (${note})` : ''}`;
      try {
        log(resolved.redactLog(line.replace(/\s+/g, ' ')));
      } catch {
        // The caller's logger failing is not the caller of POST's problem.
      }
    }
    return answerResponse(answer);
  };
}

// Response.json's content type, as these answers had before they were plain data.
const NOT_FOUND = { 'cache-control': 'no-store', vary: 'Origin', 'content-type': 'application/json' };

/** The address the runtime hands over beside the request (see `clientAddress`). */
function runtimeAddress(request: Request, ...rest: unknown[]): string | undefined {
  const second = rest[0] as { remoteAddr?: { hostname?: unknown }; requestIP?: unknown } | null | undefined;
  if (typeof second?.remoteAddr?.hostname === 'string') return second.remoteAddr.hostname;
  if (typeof second?.requestIP === 'function') {
    const ip = (second.requestIP as (r: Request) => { address?: unknown } | null)(request);
    if (typeof ip?.address === 'string') return ip.address;
  }
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  if (agent === 'Cloudflare-Workers') return request.headers.get('cf-connecting-ip') ?? undefined;
  return undefined;
}
