// serveTokens(): the token endpoint every Live web app needs, as a Node `http` request listener that
// a backend mounts (`http.createServer(serveTokens({...}))`, or an Express route). `gemtoken serve`
// is this listener plus a server, the emulator and the built-in page. Options are checked once,
// here; each POST /token then mints one token with them.

import { UsageError } from '../errors.js';
import { prepareMint, type MintTokenOptions } from '../mint-token.js';
import { resolveBaseUrl } from '../config.js';
import { SecretRegistry } from '../redact.js';
import { createTokenHandler, type TokenListener } from './handler.js';
import { parseTrustProxy } from './client-address.js';
import { originMatcher } from './origin-pattern.js';
import { pageAssets } from './page.js';
import { parseRate, RateLimiter, type Rate } from './rate-limit.js';
import { createHash, timingSafeEqual } from 'node:crypto';

export type { TokenListener } from './handler.js';

export interface ServeTokensOptions extends Omit<MintTokenOptions, 'expireTime' | 'newSessionExpireTime' | 'signal'> {
  /**
   * Browser origins that may call POST /token: `https://app.example.com`, or `https://*.example.com`
   * for one or more labels in place of the `*` (scheme and port exact); the server's own origin always may.
   */
  readonly allowOrigins?: readonly string[];
  /**
   * Reverse proxies whose X-Forwarded-For names the client for the rate limit: addresses, CIDR
   * ranges, or `loopback`/`linklocal`/`uniquelocal`. Without it the socket's peer is the client.
   */
  readonly trustProxy?: readonly string[];
  /** When set, callers must send `Authorization: Bearer <bearer>` (compared in constant time). */
  readonly bearer?: string;
  /** Per client address, e.g. `'10/min'` (the default) or `{ count: 10, windowMs: 60_000 }`; `'off'` for none. */
  readonly rate?: string | Rate;
  /** Upstream mints at once; more are answered 503 with Retry-After (default 16). */
  readonly maxConcurrentMints?: number;
  /** Serve the built-in example page at GET / (default false for the library). */
  readonly page?: boolean;
  /** One line per request (method, path, status, time, client; never a key or a token). */
  readonly log?: (line: string) => void;
  /** Aborting it stops mints in flight (a graceful shutdown lets them finish instead). */
  readonly signal?: AbortSignal;
}

export const DEFAULT_RATE = '10/min';
export const DEFAULT_MAX_CONCURRENT_MINTS = 16;
/** A shared secret shorter than this is guessable over the network, rate limit or not. */
export const MIN_BEARER_LENGTH = 16;

export function serveTokens(options: ServeTokensOptions): TokenListener {
  if (typeof options !== 'object' || options === null)
    throw new UsageError('serveTokens(options): options must be an object');
  const { allowOrigins, trustProxy, bearer, rate, maxConcurrentMints, page, log, signal, ...mintOptions } = options;
  const mint = prepareMint(mintOptions, 'serveTokens');
  const secrets = new SecretRegistry();
  secrets.add(options.apiKey);
  if (bearer !== undefined) secrets.add(bearer);
  const limit = rate === undefined || typeof rate === 'string' ? parseRate(rate ?? DEFAULT_RATE) : checkRate(rate);
  return createTokenHandler({
    mint,
    baseUrl: resolveBaseUrl(options.baseUrl, {}),
    allowOrigins: originMatcher(allowOrigins ?? []),
    trustProxy: parseTrustProxy(trustProxy),
    bearer: bearer === undefined ? undefined : bearerChecker(checkBearer(bearer)),
    limiter: limit === undefined ? undefined : new RateLimiter(limit, Date.now),
    maxConcurrentMints:
      maxConcurrentMints === undefined
        ? DEFAULT_MAX_CONCURRENT_MINTS
        : positive('maxConcurrentMints', maxConcurrentMints),
    page: page ? pageAssets() : undefined,
    log,
    // Tokens are never logged either: the handler logs no reply, and an upstream message naming one is cut here.
    redact: (text) => secrets.redact(text).replace(/auth_tokens\/[^\s"',}]+/g, 'auth_tokens/[REDACTED]'),
    redactAnswer: (text) => secrets.redactKeys(text),
    signal: signal ?? new AbortController().signal,
  });
}

function checkBearer(secret: string): string {
  if (typeof secret !== 'string' || secret.length < MIN_BEARER_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) {
    throw new UsageError(
      `the bearer secret must be at least ${MIN_BEARER_LENGTH} printable characters without spaces`,
      'e.g. openssl rand -hex 32',
    );
  }
  return secret;
}

function checkRate(rate: Rate): Rate {
  positive('rate.count', rate.count);
  positive('rate.windowMs', rate.windowMs);
  return rate;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`serveTokens: ${name} must be a whole number of at least 1`);
  return value;
}

// `--auth bearer:<ENV_VAR>`: the caller sends `Authorization: Bearer <secret>`. Both sides are hashed
// first so timingSafeEqual compares equal-length buffers and neither the secret's content nor its
// length shows in the time a refusal takes.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function bearerChecker(secret: string): (authorization: string | undefined) => boolean {
  const expected = digest(secret);
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}
