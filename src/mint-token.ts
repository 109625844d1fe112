// mintToken(), the library's mint: validate every option once (prepareMint), then mint. serveTokens()
// (src/serve/) mints many tokens from one validated set of options, so the split is its own export.
// Reads no environment variables and prints nothing; throws the CLI's typed errors.

import { systemClock } from './clock.js';
import { UsageError } from './errors.js';
import { normalizeModel } from './model.js';
import { lockPath } from './token/config/field-mask.js';
import type { ApiVersion } from './token/client/http-request.js';
import { MAX_CONFIG_DEPTH, type Json } from './token/config/json.js';
import { parseJson } from './parse/json.js';
import { validateLiveConnectConfig, type LiveConnectConfig } from './token/config/live-config.js';
import { mintOne } from './token/client/mint-client.js';
import {
  checkLockedModality,
  lockWithoutSetup,
  parseIntFlag,
  resolveConnection,
  resolveUses,
} from './token/mint-options.js';
import type { LockSummary } from './token/config/lock-summary.js';
import { buildAuthTokenBody, type TokenSpec } from './token/client/request-body.js';
import { resolveTimeWindow } from './token/time-window.js';
import { definedProps } from './defined-props.js';

/** A duration: `'30m'`, `'1h30m'`, `'90s'`, bare seconds as a string, or milliseconds as a number. */
export type Duration = string | number;

export interface MintTokenOptions {
  /** A Gemini API key. Required: the library never reads GEMINI_API_KEY itself. */
  readonly apiKey: string;
  /** Default `https://generativelanguage.googleapis.com`; the emulator's `baseUrl` works too. */
  readonly baseUrl?: string;
  /** Default `'v1alpha'`, retried once on `'v1beta'` if it answers 404; a version given here is kept. */
  readonly apiVersion?: ApiVersion;
  /** Sessions the token may start; default 1, 0 = unlimited until it expires. */
  readonly uses?: number;
  /** Lifetime → expireTime (default 30m; under 20h). Use either this or `expireTime`. */
  readonly ttl?: Duration;
  readonly expireTime?: string | Date;
  /** Window to start new sessions → newSessionExpireTime (default 1m, never after expiry). */
  readonly newSessionTtl?: Duration;
  readonly newSessionExpireTime?: string | Date;
  /** Live model to lock, with or without `models/`. */
  readonly model?: string;
  /** LiveConnectConfig (the SDK's camelCase keys) to lock into the token. */
  readonly config?: Readonly<Record<string, unknown>>;
  /**
   * Like the SDK's `lockAdditionalFields`: omitted → the whole config is locked (no field mask);
   * `[]` → only the fields that are set; names → the set fields plus these (e.g. `['temperature']`).
   */
  readonly lock?: readonly string[];
  /** Per attempt (default 30000) / retries on 429, 5xx, timeouts, connection errors (default 2). */
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly signal?: AbortSignal;
  /** Default: the global fetch. */
  readonly fetch?: typeof globalThis.fetch;
}

export interface MintedToken {
  /** `auth_tokens/…`: pass it as the `apiKey` of the Live client. */
  readonly name: string;
  readonly expireTime: string;
  readonly newSessionExpireTime: string;
  readonly uses: number;
  /** `models/…` when a model was locked. */
  readonly model?: string;
  /** The version that minted it (`'v1beta'` after a fallback). */
  readonly apiVersion: ApiVersion;
  /** `full` (no field mask: the client's setup is ignored), `fields` (the mask) or `none`. */
  readonly locked: LockSummary;
}

/**
 * Mints one ephemeral token. Throws UsageError (bad options; nothing is sent), AuthError (key
 * rejected), ApiRejectedError (request refused, quota) or NetworkError (unreachable, 5xx, timeout
 * after retries). Messages name the equivalent `gemtoken mint` flag; they never contain the key.
 */
export async function mintToken(options: MintTokenOptions): Promise<MintedToken> {
  return prepareMint(options, 'mintToken')(options?.signal ?? new AbortController().signal);
}

/** Mints one token now with the options prepareMint() checked; lifetimes count from the call. */
export type PreparedMint = (signal: AbortSignal) => Promise<MintedToken>;

/** Validates every option once (UsageError naming `caller`), so each later mint only sends. */
export function prepareMint(options: MintTokenOptions, caller: string): PreparedMint {
  if (typeof options !== 'object' || options === null)
    throw new UsageError(`${caller}(options): options must be an object`);
  const apiKey = typeof options.apiKey === 'string' ? options.apiKey.trim() : '';
  if (apiKey === '' || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new UsageError(
      `${caller}: apiKey must be a non-empty API key without spaces`,
      `e.g. ${caller}({ apiKey: process.env.GEMINI_API_KEY })`,
    );
  }
  const uses = resolveUses(text(options.uses));
  const times = { ttl: duration(options.ttl), expireAt: instant('--expire-at', options.expireTime) };
  const newSession = {
    newSessionTtl: duration(options.newSessionTtl),
    newSessionExpireAt: instant('--new-session-expire-at', options.newSessionExpireTime),
  };
  const timeWindow = () => resolveTimeWindow({ ...times, ...newSession }, Date.now());
  const firstWindow = timeWindow();
  const shape = {
    uses,
    model: options.model === undefined ? undefined : normalizeModel(String(options.model)),
    config: options.config === undefined ? undefined : liveConfig(options.config),
    lock: options.lock === undefined ? undefined : lockNames(options.lock),
  };
  // Validates the lifetimes and the config the way the SDK would, before anything is sent.
  buildAuthTokenBody({ ...shape, ...firstWindow });
  if (lockWithoutSetup(shape)) throw new UsageError(`${caller}: lock needs a locked setup: add model or config`);
  checkLockedModality(
    shape,
    "use inputAudioTranscription/outputAudioTranscription instead of responseModalities ['TEXT']",
  );
  // No environment: the library never reads GEMTOKEN_BASE_URL or GOOGLE_GEMINI_BASE_URL.
  const connection = resolveConnection(
    {
      baseUrl: options.baseUrl,
      apiVersion: options.apiVersion,
      timeout: text(options.timeoutMs),
      retries: text(options.retries),
    },
    {},
    (ms) => parseIntFlag('timeoutMs', ms, 1, 3_600_000),
  );
  const fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (signal) => {
    const window = timeWindow();
    const token: TokenSpec = { ...shape, ...window };
    const minted = await mintOne(
      { ...connection, apiKey, token, keySource: 'the apiKey option' },
      { fetch, clock: systemClock, signal },
    );
    const { name, apiVersion, locked } = minted;
    return { name, ...window, uses, ...definedProps({ model: token.model }), apiVersion, locked };
  };
}

const text = (value: number | undefined): string | undefined => (value === undefined ? undefined : String(value));

function duration(value: Duration | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  // Milliseconds become the `ms` unit the duration parser already knows; anything odd fails there.
  return Number.isSafeInteger(value) ? `${value}ms` : String(value);
}

function instant(flag: string, value: string | Date | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new UsageError(`${flag}: not a valid Date`);
  return value.toISOString();
}

function lockNames(names: readonly string[]): string[] {
  if (!Array.isArray(names)) throw new UsageError('mintToken: lock must be an array of field names');
  const list = names.map(String);
  list.forEach(lockPath);
  return list;
}

function liveConfig(config: Readonly<Record<string, unknown>>): LiveConnectConfig {
  let text: string;
  try {
    // The token locks plain JSON; this also drops undefined members the way the SDK's request does.
    text = JSON.stringify(config);
  } catch (error) {
    const why = error instanceof RangeError ? 'it nests too deeply' : (error as Error).message;
    throw new UsageError(`mintToken: config is not JSON-serialisable: ${why}`);
  }
  // The caller's value, depth-checked as --config is: the checks below walk it recursively.
  const parsed = parseJson(text, { maxDepth: MAX_CONFIG_DEPTH });
  if (!parsed.ok) throw new UsageError(`mintToken: config is ${parsed.problem.detail}`);
  return validateLiveConnectConfig(parsed.value as Json, 'config');
}
