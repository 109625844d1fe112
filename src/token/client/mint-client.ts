// Mints tokens over REST without the SDK (loading @google/genai dominates a plain mint: `npm run bench` row 2).
// The body is ours (request-body.ts); test/unit/token/sdk-differential.test.ts proves it equals the SDK's.

import { sleep, type Clock } from '../../clock.js';
import { NetworkError, type GemtokenError } from '../../errors.js';
import { formatHumanDuration } from '../duration.js';
import { mapHttpError } from './error-mapping.js';
import { buildHttpRequest, type ApiVersion, type HttpRequest } from './http-request.js';
import { attemptRequest, type AttemptResult } from './mint-attempt.js';
import { buildAuthTokenBody, type TokenSpec } from './request-body.js';
import { SecretRegistry } from '../../redact.js';
import { checkServerValues, type SecretCheck } from './server-values.js';
import { fallbackAfter } from './version-fallback.js';
import { lockSummary, type LockSummary } from '../config/lock-summary.js';
import { parseJson } from '../../parse/json.js';

export interface MintRequest {
  readonly baseUrl: string;
  readonly apiVersion: ApiVersion;
  /** Tried once when `apiVersion` answers 404 (set only when the version was not chosen). */
  readonly fallbackApiVersion?: ApiVersion | undefined;
  readonly apiKey: string;
  readonly token: TokenSpec;
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Retries after the first attempt (429, 5xx, timeouts, connection errors only). */
  readonly retries: number;
  /** Where the key came from, named in the auth-error hint (never the key itself). */
  readonly keySource?: string | undefined;
}

/**
 * What the client knows after one mint: the name the server returned and the lifetimes, uses and
 * lock it asked for (a time it did not send stays unset). The library's MintedToken (mint-token.ts)
 * is the public shape, with every lifetime filled in.
 */
export interface MintReceipt {
  readonly name: string;
  readonly expireTime?: string | undefined;
  readonly newSessionExpireTime?: string | undefined;
  readonly uses?: number | undefined;
  readonly model?: string | undefined;
  /** The version that minted it (the fallback's, when the default answered 404). */
  readonly apiVersion: ApiVersion;
  readonly locked: LockSummary;
}

export interface RetryInfo {
  /** The retry about to happen (1-based) and how many are allowed. */
  readonly retry: number;
  readonly retries: number;
  readonly delayMs: number;
  readonly reason: string;
}

export interface MintDeps {
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** In [0, 1); jitter source (default Math.random). */
  readonly random?: () => number;
  readonly onRetry?: (info: RetryInfo) => void;
  readonly onVersionFallback?: (from: ApiVersion, to: ApiVersion) => void;
  /** Every secret in play (the caller's registry); the request's own key is always checked. */
  readonly secrets?: SecretRegistry;
}

export function mintHttpRequest(request: MintRequest): HttpRequest {
  return buildHttpRequest(request.baseUrl, request.apiVersion, request.apiKey, buildAuthTokenBody(request.token));
}

/** Mints one token, retrying per retry-policy.ts. Throws a GemtokenError (exit 3/4/5) on failure. */
export async function mintOne(
  request: MintRequest,
  deps: MintDeps,
  http: HttpRequest = mintHttpRequest(request),
): Promise<MintReceipt> {
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    const result = await attemptRequest(http, request.timeoutMs, deps);
    if (result.kind === 'status' && result.status >= 200 && result.status < 300) {
      const secrets = secretsOf(request, deps);
      return toMintReceipt(request, parseTokenName(result.text, http.url, secrets), secrets);
    }
    const fallback = fallbackAfter(result, request.fallbackApiVersion);
    if (fallback !== undefined) {
      deps.onVersionFallback?.(request.apiVersion, fallback);
      return mintOne({ ...request, apiVersion: fallback, fallbackApiVersion: undefined }, deps);
    }
    // After attempt n, the next try is retry number n.
    const delay =
      attempt <= request.retries && isRetryable(result) ? retryDelayMs(attempt, result, random()) : undefined;
    if (delay === undefined) throw failure(result, request, http.url, attempt, secretsOf(request, deps));
    deps.onRetry?.({ retry: attempt, retries: request.retries, delayMs: delay, reason: describe(result) });
    await sleep(deps.clock, delay, deps.signal);
  }
}

interface Secrets extends SecretCheck {
  redact(text: string): string;
}

/**
 * The request's key as a registry, built once per key: deriving every form of a key (secret-forms.ts)
 * cost more than the rest of a mint's own work when a server mints many tokens with one key
 * (`npm run bench` row 8). A few keys at most, so the cache stays small.
 */
const ownRegistries = new Map<string, SecretRegistry>();
const MAX_CACHED_KEYS = 8;

function registryOf(apiKey: string): SecretRegistry {
  let own = ownRegistries.get(apiKey);
  if (own === undefined) {
    own = new SecretRegistry();
    own.add(apiKey);
    if (ownRegistries.size >= MAX_CACHED_KEYS) ownRegistries.clear();
    ownRegistries.set(apiKey, own);
  }
  return own;
}

/** The caller's secrets and the request's key: a reply carrying either is refused or scrubbed, whoever calls. */
function secretsOf(request: MintRequest, deps: MintDeps): Secrets {
  const own = registryOf(request.apiKey);
  return {
    containsSecret: (value) => own.containsSecret(value) || (deps.secrets?.containsSecret(value) ?? false),
    redact: (text) => own.replace(deps.secrets?.replace(text) ?? text),
  };
}

function parseTokenName(text: string, url: string, secrets: SecretCheck): string {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const why = parsed.problem.kind === 'depth' ? parsed.problem.detail : 'not JSON';
    throw new NetworkError(
      `the reply from ${url} is ${why}`,
      'check --base-url: it must point at the Gemini API or the emulator',
    );
  }
  const reply = parsed.value;
  // Only the name is taken from the reply; the times printed are the ones we asked for.
  const name = typeof reply === 'object' && reply !== null ? (reply as { name?: unknown }).name : undefined;
  checkServerValues({ name }, undefined, secrets);
  return name as string;
}

function toMintReceipt(request: MintRequest, name: string, secrets: SecretCheck): MintReceipt {
  const { token } = request;
  checkServerValues(
    { name, expireTime: token.expireTime, newSessionExpireTime: token.newSessionExpireTime },
    undefined,
    secrets,
  );
  return {
    name,
    expireTime: token.expireTime,
    newSessionExpireTime: token.newSessionExpireTime,
    // The API's default when uses is not sent is 1 (AuthToken.uses, https://ai.google.dev/api/live).
    uses: token.uses ?? 1,
    model: token.model,
    apiVersion: request.apiVersion,
    locked: lockSummary(token),
  };
}

function describe(result: AttemptResult): string {
  if (result.kind === 'status') return `HTTP ${result.status}`;
  return result.kind === 'timeout' ? 'timeout' : result.detail;
}

function failure(
  result: AttemptResult,
  request: MintRequest,
  url: string,
  attempts: number,
  secrets: Secrets,
): GemtokenError {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  if (result.kind === 'status')
    return mapHttpError(result.status, result.text, { keySource: request.keySource, attempts, redact: secrets.redact });
  const origin = new URL(url).origin;
  if (result.kind === 'timeout') {
    return new NetworkError(
      `no reply from ${origin} within ${formatHumanDuration(request.timeoutMs)}${tries}`,
      'check the network or raise --timeout',
    );
  }
  return new NetworkError(
    `cannot reach ${origin}: ${result.detail}${tries}`,
    'check --base-url and the network connection',
  );
}

// When a failed attempt is retried and how long to wait: 429 honouring Retry-After,
// 5xx, connection errors and timeouts; never other 4xx. Exponential backoff with "equal jitter" so
// many concurrent mints (--count) do not retry in lockstep.
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;
/** A Retry-After beyond this is not waited out: a CLI that sleeps for minutes looks hung. */
export const MAX_RETRY_AFTER_MS = 60_000;

export type AttemptOutcome =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string | null | undefined }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'connection' };

export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== 'status') return true;
  // 600 and above is no HTTP status at all (error-mapping.ts): retrying it would only repeat it.
  return outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599);
}

/** Seconds form of Retry-After (the HTTP-date form is rare for APIs; it falls back to backoff). */
export function parseRetryAfterMs(value: string | null | undefined): number | undefined {
  if (value == null || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value) * 1_000);
}

/**
 * Delay before retry number `retry` (1-based), or undefined when the server asked for a wait longer
 * than MAX_RETRY_AFTER_MS (the caller then gives up at once). `random` is in [0, 1).
 */
export function retryDelayMs(retry: number, outcome: AttemptOutcome, random: number): number | undefined {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
  const backoff = Math.round(ceiling / 2 + (random * ceiling) / 2);
  if (outcome.kind === 'status' && outcome.status === 429) {
    const asked = parseRetryAfterMs(outcome.retryAfter);
    if (asked !== undefined) return asked > MAX_RETRY_AFTER_MS ? undefined : asked;
  }
  return backoff;
}
