// `gemtoken mint` flags (strings from commander) + env → validated options. Everything a user can get
// wrong is checked here, before any key prompt or request: bad input sends nothing. The library's
// mintToken() (src/index.ts) validates its options with the same functions and defaults.

import { resolveApiVersion, resolveBaseUrl, type EnvSnapshot } from '../config.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { DEFAULT_MODEL, normalizeModel, textOnAudioOnlyModel } from '../model.js';
import { resolveLiveConfig, type ConfigFlags } from './config/config-flags.js';
import { requirePositiveDuration } from './duration.js';
import { lockPath } from './config/field-mask.js';
import type { ApiVersion } from './client/http-request.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output-format.js';
import type { TokenSpec } from './client/request-body.js';
import type { TextIo } from './text-io.js';
import { setupFromConstraints } from './config/constraints-setup.js';
import { isJsonObject } from './config/json.js';
import { resolveTimeWindow } from './time-window.js';
import { fullLockGaps, gapLine, lockSummary } from './config/lock-summary.js';
import { allowedFallback } from './client/version-fallback.js';

export interface MintFlags extends ConfigFlags {
  readonly uses?: string | undefined;
  readonly ttl?: string | undefined;
  readonly newSessionTtl?: string | undefined;
  readonly expireAt?: string | undefined;
  readonly newSessionExpireAt?: string | undefined;
  readonly model?: string | undefined;
  readonly lock?: string | undefined;
  readonly lockSetOnly?: boolean | undefined;
  readonly lockAll?: boolean | undefined;
  readonly count?: string | undefined;
  readonly output?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly apiKeyStdin?: boolean | undefined;
  readonly apiVersion?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly timeout?: string | undefined;
  readonly retries?: string | undefined;
}

export interface MintOptions extends Connection {
  readonly token: TokenSpec;
  readonly count: number;
  readonly output: OutputFormat;
  readonly dryRun: boolean;
  /** Lines for stderr (e.g. the unlimited-uses warning). */
  readonly warnings: readonly string[];
}

/** What `gemtoken mint`, mintToken() and talk's own mint use when an option is not given. */
export const MINT_DEFAULTS = { uses: 1, timeoutMs: 30_000, retries: 2 } as const;
export const MAX_COUNT = 100_000;
export const MAX_USES = 2_147_483_647;
const MAX_RETRIES = 10;

export function parseIntFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} '${text}' must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** --uses (the library's `uses`, as text): 0 = unlimited until the token expires. */
export function resolveUses(text: string | undefined): number {
  return text === undefined ? MINT_DEFAULTS.uses : parseIntFlag('--uses', text, 0, MAX_USES);
}

export interface ConnectionFields {
  readonly baseUrl?: string | undefined;
  readonly apiVersion?: string | undefined;
  readonly timeout?: string | undefined;
  readonly retries?: string | undefined;
}

export interface Connection {
  readonly baseUrl: string;
  readonly apiVersion: ApiVersion;
  /** Set when the version was not chosen: a 404 there is retried once on this one. */
  readonly fallbackApiVersion?: ApiVersion | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
}

/**
 * Where and how patiently to send. The CLI's --timeout is a duration and the library's timeoutMs a
 * number of milliseconds, so each surface passes its own timeout parser; the default is shared.
 */
export function resolveConnection(
  fields: ConnectionFields,
  env: EnvSnapshot,
  parseTimeout: (text: string) => number,
): Connection {
  const apiVersion = resolveApiVersion(fields.apiVersion);
  return {
    baseUrl: resolveBaseUrl(fields.baseUrl, env),
    apiVersion,
    fallbackApiVersion: allowedFallback(fields.apiVersion, apiVersion),
    timeoutMs: fields.timeout === undefined ? MINT_DEFAULTS.timeoutMs : parseTimeout(fields.timeout),
    retries:
      fields.retries === undefined ? MINT_DEFAULTS.retries : parseIntFlag('--retries', fields.retries, 0, MAX_RETRIES),
  };
}

/**
 * A lock with no setup locks nothing the token carries: the client's setup would rule, so it is a
 * mistake, not a request for an open token.
 */
export function lockWithoutSetup(token: Pick<TokenSpec, 'lock' | 'model' | 'config'>): boolean {
  return token.lock !== undefined && setupFromConstraints(token.model, token.config) === undefined;
}

export async function resolveMintOptions(
  flags: MintFlags,
  env: EnvSnapshot,
  nowMs: number,
  io: TextIo,
): Promise<MintOptions> {
  const uses = resolveUses(flags.uses);
  const window = resolveTimeWindow(flags, nowMs);
  const model = flags.model === undefined ? undefined : normalizeModel(flags.model);
  const output = (flags.output ?? 'json') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output))
    throw new UsageError(
      `--output '${flags.output}' is not one of ${OUTPUT_FORMATS.join(', ')}`,
      didYouMean(output, OUTPUT_FORMATS),
    );
  const count = flags.count === undefined ? 1 : parseIntFlag('--count', flags.count, 1, MAX_COUNT);
  if (count > 1 && (output === 'env' || output === 'github')) {
    throw new UsageError(
      `--count ${count} cannot be used with --output ${output} (one token per variable)`,
      'use --output json or name with --count',
    );
  }
  const connection = resolveConnection(flags, env, (text) => requirePositiveDuration('--timeout', text));
  if (flags.config === '-' && flags.apiKeyStdin)
    throw new UsageError('--config - and --api-key-stdin both want stdin; use --config @file');
  const config = await resolveLiveConfig(flags, io);
  const lock = resolveLock(flags, { model, config });
  const lockFlag = flags.lockAll ? '--lock-all' : flags.lockSetOnly ? '--lock-set-only' : '--lock';
  if (lockWithoutSetup({ lock, model, config }) || (flags.lockAll && model === undefined && config === undefined)) {
    throw new UsageError(
      `${lockFlag} needs a locked setup: add --model or --config (or a shorthand like --temperature)`,
      `e.g. --model ${DEFAULT_MODEL}; without a lock, leave out ${lockFlag}`,
    );
  }
  checkLockedModality({ model, config }, 'drop TEXT (--modality text) and add --transcribe');
  const warnings = uses === 0 ? ['--uses 0 mints a token with unlimited uses until it expires'] : [];
  for (const gap of fullLockGaps(lockSummary({ model, config, lock }))) {
    warnings.push(gapLine(gap, `add ${gap.flag}, or --lock-set-only to lock only what is set`));
  }
  return {
    token: { uses, ...window, model, config, lock },
    count,
    output,
    dryRun: Boolean(flags.dryRun),
    ...connection,
    warnings,
  };
}

/** A token that locks a known audio-only model and TEXT replies could never start a session (livekit/livekit#4103). */
export function checkLockedModality(token: Pick<TokenSpec, 'model' | 'config'>, fix: string): void {
  const generation = setupFromConstraints(token.model, token.config)?.generationConfig;
  const modalities = isJsonObject(generation) ? generation.responseModalities : undefined;
  if (token.model === undefined || !Array.isArray(modalities) || !modalities.includes('TEXT')) return;
  const error = textOnAudioOnlyModel(token.model, fix);
  if (error) throw error;
}

/**
 * undefined: a full lock (no field mask); []: the set fields; names: the set fields plus these.
 * A model alone locks only the model: a full lock of it would set nothing else, so the service would
 * ignore the client's whole setup (resumption, transcripts, voice) for no gain. A config is locked
 * whole unless a mask is asked for; --lock-all asks for the full lock in every case.
 */
function resolveLock(flags: MintFlags, setup: Pick<TokenSpec, 'model' | 'config'>): readonly string[] | undefined {
  const given = [
    ...(flags.lock !== undefined ? ['--lock'] : []),
    ...(flags.lockSetOnly ? ['--lock-set-only'] : []),
    ...(flags.lockAll ? ['--lock-all'] : []),
  ];
  if (given.length > 1)
    throw new UsageError(`use one of --lock, --lock-set-only or --lock-all, not ${given.join(' and ')}`);
  if (flags.lockAll) return undefined;
  if (flags.lockSetOnly) return [];
  if (flags.lock === undefined) return setup.model !== undefined && setup.config === undefined ? [] : undefined;
  const names = flags.lock
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0)
    throw new UsageError(
      '--lock needs at least one field name',
      'or use --lock-set-only to lock only the fields that are set',
    );
  names.forEach(lockPath);
  return names;
}
