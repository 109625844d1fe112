// serveTokens(): the token endpoint every Live web app needs, as a Node `http` request listener that
// a backend mounts (`http.createServer(serveTokens({...}))`, or an Express route). `gemtoken serve`
// is this listener plus a server, the emulator and the built-in page. Options are checked once,
// here (token-options.ts, shared with tokenHandler()); each POST /token then mints one token with them
// through the one Fetch-API core (token-core.ts) that handler.ts adapts to node:http.

import type { IncomingMessage } from 'node:http';
import { UsageError } from '../errors.js';
import { createTokenListener, type TokenListener } from './handler.js';
import { parseTrustProxy } from './client-address.js';
import { pageAssets } from './page.js';
import { createTokenCore } from './token-core.js';
import { resolveTokenOptions, type TokenOptions } from './token-options.js';

export type { TokenListener } from './handler.js';

/** `rateLimit(client, req)` gets Node's IncomingMessage and the key of the socket's peer or of `trustProxy`. */
export interface ServeTokensOptions extends TokenOptions<IncomingMessage> {
  /**
   * Reverse proxies whose X-Forwarded-For names the client for the rate limit: addresses, CIDR
   * ranges, or `loopback`/`linklocal`/`uniquelocal`. Without it the socket's peer is the client.
   */
  readonly trustProxy?: readonly string[];
  /** Serve the built-in example page at GET / (default false for the library). */
  readonly page?: boolean;
  /** Aborting it stops mints in flight (a graceful shutdown lets them finish instead). */
  readonly signal?: AbortSignal;
}

export function serveTokens(options: ServeTokensOptions): TokenListener {
  if (typeof options !== 'object' || options === null)
    throw new UsageError('serveTokens(options): options must be an object');
  const { trustProxy, page, signal, ...shared } = options;
  const resolved = resolveTokenOptions(shared, 'serveTokens');
  const trusted = parseTrustProxy(trustProxy);
  return createTokenListener({
    core: createTokenCore({
      ...resolved.parts,
      rateLimit: resolved.rateLimit,
      signal: signal ?? new AbortController().signal,
    }),
    allowOrigins: resolved.parts.allowOrigins,
    trustProxy: trusted,
    page: page ? pageAssets() : undefined,
    log: resolved.log,
    redact: resolved.redactLog,
    redactAnswer: resolved.parts.redactAnswer,
  });
}
