// The options serveTokens() and tokenHandler() share, checked once (UsageError naming the caller)
// and turned into the core's parts (token-core.ts). No Node module, not even a type: src/fetch.ts
// imports this, so the request type of `rateLimit` is each entry's own (Source).

import { resolveBaseUrl } from '../config.js';
import { UsageError } from '../errors.js';
import { prepareMint, type MintTokenOptions } from '../mint-token.js';
import { SecretRegistry } from '../redact.js';
import { bearerChecker, checkBearer } from './bearer.js';
import { originMatcher } from './origin-pattern.js';
import { parseRate, RateLimiter, type Rate } from './rate-limit.js';
import type { RateCheck, TokenCoreParts } from './token-core.js';

export const DEFAULT_RATE = '10/min';
export const DEFAULT_MAX_CONCURRENT_MINTS = 16;

/** `Source`: the request as each entry's runtime hands it over (tokenHandler: Request; serveTokens: IncomingMessage). */
export interface TokenOptions<Source = Request> extends Omit<
  MintTokenOptions,
  'expireTime' | 'newSessionExpireTime' | 'signal'
> {
  /**
   * Browser origins that may ask for a token: `https://app.example.com`, or `https://*.example.com`
   * for one or more labels in place of the `*` (scheme and port exact); the server's own origin always may.
   */
  readonly allowOrigins?: readonly string[];
  /** When set, callers must send `Authorization: Bearer <bearer>` (compared in constant time). */
  readonly bearer?: string;
  /** Per client address, e.g. `'10/min'` (the default) or `{ count: 10, windowMs: 60_000 }`; `'off'` for none. */
  readonly rate?: string | Rate;
  /**
   * A limit shared by every instance (a KV or Redis counter): called before each mint with the
   * caller's client key and the request; resolve to 0 to let it mint, or to the milliseconds until it
   * may try again (answered 429 with Retry-After). A throw or rejection is answered 503 and logged.
   * Replaces the per-instance limit, so give it or `rate`, not both.
   */
  readonly rateLimit?: RateCheck<Source>;
  /** Upstream mints at once; more are answered 503 with Retry-After (default 16). */
  readonly maxConcurrentMints?: number;
  /** One line per request (method, path, status, time, client; never a key or a token). */
  readonly log?: (line: string) => void;
}

export interface ResolvedTokenOptions<Source> {
  readonly parts: Omit<TokenCoreParts<Source>, 'signal' | 'rateLimit'>;
  /** The caller's `rateLimit`, else the per-instance limit from `rate`; undefined for `'off'`. */
  readonly rateLimit: RateCheck<Source> | undefined;
  /** For log lines: the key, the bearer and any token. */
  readonly redactLog: (text: string) => string;
  readonly log: ((line: string) => void) | undefined;
}

export function resolveTokenOptions<Source>(
  options: TokenOptions<Source>,
  caller: string,
): ResolvedTokenOptions<Source> {
  if (typeof options !== 'object' || options === null)
    throw new UsageError(`${caller}(options): options must be an object`);
  const { allowOrigins, bearer, rate, rateLimit, maxConcurrentMints, log, ...mintOptions } = options;
  if (rateLimit !== undefined && typeof rateLimit !== 'function')
    throw new UsageError(`${caller}: rateLimit must be a function (client, request) => milliseconds to wait`);
  if (rateLimit !== undefined && rate !== undefined)
    throw new UsageError(`${caller}: give rate or rateLimit, not both`, 'rateLimit replaces the per-instance rate');
  const mint = prepareMint(mintOptions, caller);
  const secrets = new SecretRegistry();
  secrets.add(options.apiKey);
  if (bearer !== undefined) secrets.add(bearer);
  const limit =
    rate === undefined || typeof rate === 'string' ? parseRate(rate ?? DEFAULT_RATE) : checkRate(rate, caller);
  // The caller's own check replaces this instance's bucket (`rate` was refused beside it above).
  const limiter = limit === undefined || rateLimit !== undefined ? undefined : new RateLimiter(limit, Date.now);
  if (log !== undefined && typeof log !== 'function') throw new UsageError(`${caller}: log must be a function`);
  return {
    parts: {
      mint,
      baseUrl: resolveBaseUrl(options.baseUrl, {}),
      allowOrigins: originMatcher(allowOrigins ?? []),
      bearer: bearer === undefined ? undefined : bearerChecker(checkBearer(bearer)),
      maxConcurrentMints:
        maxConcurrentMints === undefined
          ? DEFAULT_MAX_CONCURRENT_MINTS
          : positive(caller, 'maxConcurrentMints', maxConcurrentMints),
      redactAnswer: (text) => secrets.redactKeys(text),
    },
    rateLimit: rateLimit ?? (limiter === undefined ? undefined : (client) => limiter.take(client)),
    // Tokens are never logged either: no reply is logged, and an upstream message naming one is cut here.
    redactLog: (text) => secrets.redact(text).replace(/auth_tokens\/[^\s"',}]+/g, 'auth_tokens/[REDACTED]'),
    log,
  };
}

function checkRate(rate: Rate, caller: string): Rate {
  positive(caller, 'rate.count', rate.count);
  positive(caller, 'rate.windowMs', rate.windowMs);
  return rate;
}

export function positive(caller: string, name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`${caller}: ${name} must be a whole number of at least 1`);
  return value;
}
