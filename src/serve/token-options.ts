// The options serveTokens() and tokenHandler() share, checked once (UsageError naming the caller)
// and turned into the core's parts (token-core.ts). No Node module: src/fetch.ts imports this.

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

export interface TokenOptions extends Omit<MintTokenOptions, 'expireTime' | 'newSessionExpireTime' | 'signal'> {
  /**
   * Browser origins that may ask for a token: `https://app.example.com`, or `https://*.example.com`
   * for one or more labels in place of the `*` (scheme and port exact); the server's own origin always may.
   */
  readonly allowOrigins?: readonly string[];
  /** When set, callers must send `Authorization: Bearer <bearer>` (compared in constant time). */
  readonly bearer?: string;
  /** Per client address, e.g. `'10/min'` (the default) or `{ count: 10, windowMs: 60_000 }`; `'off'` for none. */
  readonly rate?: string | Rate;
  /** Upstream mints at once; more are answered 503 with Retry-After (default 16). */
  readonly maxConcurrentMints?: number;
  /** One line per request (method, path, status, time, client; never a key or a token). */
  readonly log?: (line: string) => void;
}

export interface ResolvedTokenOptions {
  readonly parts: Omit<TokenCoreParts, 'signal' | 'rateLimit'>;
  /** The per-instance limit from `rate`; undefined for `'off'`. */
  readonly rateLimit: RateCheck | undefined;
  /** For log lines: the key, the bearer and any token. */
  readonly redactLog: (text: string) => string;
  readonly log: ((line: string) => void) | undefined;
}

export function resolveTokenOptions(options: TokenOptions, caller: string): ResolvedTokenOptions {
  if (typeof options !== 'object' || options === null)
    throw new UsageError(`${caller}(options): options must be an object`);
  const { allowOrigins, bearer, rate, maxConcurrentMints, log, ...mintOptions } = options;
  const mint = prepareMint(mintOptions, caller);
  const secrets = new SecretRegistry();
  secrets.add(options.apiKey);
  if (bearer !== undefined) secrets.add(bearer);
  const limit =
    rate === undefined || typeof rate === 'string' ? parseRate(rate ?? DEFAULT_RATE) : checkRate(rate, caller);
  const limiter = limit === undefined ? undefined : new RateLimiter(limit, Date.now);
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
    rateLimit: limiter === undefined ? undefined : (client) => limiter.take(client),
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
