// The public programmatic API (`import { mintToken, startEmulator } from 'gemtoken'`). It wraps the
// same core the CLI uses, reads no environment variables, prints nothing, and throws the CLI's
// typed errors. It must not load commander or terminal code; the emulator loads only when started.

import { systemClock } from './clock.js';
import { UsageError } from './errors.js';
import { listenError } from './listen-error.js';
import { normalizeModel } from './model.js';
import { lockPath } from './token/config/field-mask.js';
import type { ApiVersion } from './token/client/http-request.js';
import type { Json } from './token/config/json.js';
import { validateLiveConnectConfig, type LiveConnectConfig } from './token/config/live-config.js';
import { mintOne } from './token/client/mint-client.js';
import { checkLockedModality, lockWithoutSetup, parseIntFlag, resolveConnection, resolveUses } from './token/mint-options.js';
import type { LockSummary } from './token/config/lock-summary.js';
import { buildAuthTokenBody, type TokenSpec } from './token/client/request-body.js';
import { resolveTimeWindow } from './token/time-window.js';

export {
  ApiRejectedError, AudioDeviceError, AuthError, ExitCode, GemtokenError, InterruptedError, NetworkError, UsageError,
} from './errors.js';
export type { ApiVersion } from './token/client/http-request.js';
export type { LockMode, LockSummary } from './token/config/lock-summary.js';

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
  if (typeof options !== 'object' || options === null) throw new UsageError('mintToken(options): options must be an object');
  const apiKey = typeof options.apiKey === 'string' ? options.apiKey.trim() : '';
  if (apiKey === '' || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new UsageError('mintToken: apiKey must be a non-empty API key without spaces', 'e.g. mintToken({ apiKey: process.env.GEMINI_API_KEY })');
  }
  const uses = resolveUses(text(options.uses));
  const times = { ttl: duration(options.ttl), expireAt: instant('--expire-at', options.expireTime) };
  const newSession = { newSessionTtl: duration(options.newSessionTtl), newSessionExpireAt: instant('--new-session-expire-at', options.newSessionExpireTime) };
  const window = resolveTimeWindow({ ...times, ...newSession }, Date.now());
  const token: TokenSpec = {
    uses,
    ...window,
    model: options.model === undefined ? undefined : normalizeModel(String(options.model)),
    config: options.config === undefined ? undefined : liveConfig(options.config),
    lock: options.lock === undefined ? undefined : lockNames(options.lock),
  };
  // Validates the config the way the SDK would, before anything is sent.
  buildAuthTokenBody(token);
  if (lockWithoutSetup(token)) throw new UsageError('mintToken: lock needs a locked setup: add model or config');
  checkLockedModality(token, "use inputAudioTranscription/outputAudioTranscription instead of responseModalities ['TEXT']");
  // No environment: the library never reads GEMTOKEN_BASE_URL or GOOGLE_GEMINI_BASE_URL.
  const connection = resolveConnection(
    { baseUrl: options.baseUrl, apiVersion: options.apiVersion, timeout: text(options.timeoutMs), retries: text(options.retries) },
    {},
    (ms) => parseIntFlag('timeoutMs', ms, 1, 3_600_000),
  );
  const minted = await mintOne(
    { ...connection, apiKey, token, keySource: 'the apiKey option' },
    { fetch: options.fetch ?? globalThis.fetch.bind(globalThis), clock: systemClock, signal: options.signal ?? new AbortController().signal },
  );
  const { name, apiVersion, locked } = minted;
  return { name, ...window, uses, ...(token.model === undefined ? {} : { model: token.model }), apiVersion, locked };
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
  let json: Json;
  try {
    // The token locks plain JSON; this also drops undefined members the way the SDK's request does.
    json = JSON.parse(JSON.stringify(config)) as Json;
  } catch (error) {
    throw new UsageError(`mintToken: config is not JSON-serialisable: ${(error as Error).message}`);
  }
  return validateLiveConnectConfig(json, 'config');
}

export interface StartEmulatorOptions {
  /** Default 127.0.0.1 and port 0 (a free port: read it from `baseUrl`). */
  readonly host?: string;
  readonly port?: number;
  /** Keys both surfaces accept; default one random key. */
  readonly apiKeys?: readonly string[];
  /** Model ids the Live half serves (without `models/`); default the current Live models. */
  readonly models?: readonly string[];
  /** Live connection lifetime before goAway + close (default 10 min); concurrent sessions (default 32). */
  readonly connectionLifetimeMs?: number;
  readonly maxSessions?: number;
  /** Faults queued before the first request, as for `gemtoken emulator --fault` (e.g. `'rest:503x2'`). */
  readonly faults?: readonly string[];
  /** Receives each request-log line (keys and tokens redacted); default: no log. */
  readonly log?: (line: string) => void;
  readonly logFormat?: 'text' | 'json';
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:41234`: use as `baseUrl`, or as GOOGLE_GEMINI_BASE_URL for the SDK. */
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
  /** Closes Live sessions and every connection, and stops listening. */
  close(): Promise<void>;
}

/** Starts the local Gemini stand-in (token REST + Live WebSocket) in this process. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const emulator = await import('./emulator/index.js');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`startEmulator: port ${String(port)} is not 0–65535`);
  let faults;
  try {
    faults = (options.faults ?? []).map((spec) => emulator.parseFaultSpec(String(spec)));
  } catch (error) {
    throw new UsageError(`startEmulator: ${(error as Error).message}`);
  }
  const log = options.log;
  try {
    const running = await emulator.startEmulator({
      ...(options.host === undefined ? {} : { host: options.host }),
      port,
      ...(options.apiKeys === undefined ? {} : { apiKeys: [...options.apiKeys] }),
      ...(options.models === undefined ? {} : { models: [...options.models] }),
      ...(options.connectionLifetimeMs === undefined ? {} : { connectionLifetimeMs: options.connectionLifetimeMs }),
      ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
      faults,
      ...(log ? { log: { format: options.logFormat ?? 'text', write: (line: string) => log(line.replace(/\n$/, '')) } } : {}),
    });
    return { baseUrl: running.baseUrl, apiKeys: running.apiKeys, close: () => running.close() };
  } catch (error) {
    throw listenError(error, 'library', port) ?? error;
  }
}
