// The flags that shape a token, declared once: `gemtoken mint` and `gemtoken serve` (which mints one
// token per request with them) both add these, and both validate them with src/token/mint-options.ts.
// Beside each declaration, the spec readFlags() reads commander's record with (one for mint whole).

import type { Command } from 'commander';
import { readFlags, type FlagKind, type FlagValues } from '../host.js';

/** What addTokenShapeOptions() declares, as readFlags() reads it (the absolute times are mint's only). */
export const TOKEN_SHAPE_FLAGS = {
  uses: 'string',
  ttl: 'string',
  newSessionTtl: 'string',
  model: 'string',
  config: 'string',
  systemInstruction: 'string',
  modality: 'string',
  voice: 'string',
  temperature: 'string',
  transcribe: 'boolean',
  resumable: 'boolean',
  compress: 'boolean',
  tools: 'string',
  lock: 'string',
  lockSetOnly: 'boolean',
  lockAll: 'boolean',
} as const satisfies Readonly<Record<string, FlagKind>>;
export const ABSOLUTE_TIME_FLAGS = {
  expireAt: 'string',
  newSessionExpireAt: 'string',
} as const satisfies Readonly<Record<string, FlagKind>>;
/** What addConnectionOptions() declares. */
export const CONNECTION_FLAGS = {
  apiVersion: 'string',
  baseUrl: 'string',
  timeout: 'string',
  retries: 'string',
} as const satisfies Readonly<Record<string, FlagKind>>;

/** `absoluteTimes`: --expire-at/--new-session-expire-at, for mint only (a server's tokens are relative to each request). */
export function addTokenShapeOptions(command: Command, options: { absoluteTimes: boolean }): Command {
  command
    .option('-u, --uses <n>', 'sessions the token may start; 0 = unlimited (default 1)')
    .option('--ttl <duration>', 'token lifetime → expireTime (default 30m)')
    .option('--new-session-ttl <duration>', 'window to start new sessions → newSessionExpireTime (default 1m)');
  if (options.absoluteTimes) {
    command
      .option('--expire-at <time>', 'absolute expireTime (RFC 3339) instead of --ttl')
      .option('--new-session-expire-at <time>', 'absolute newSessionExpireTime instead of --new-session-ttl');
  }
  return command
    .option('-m, --model <name>', 'lock the Live model (with or without models/)')
    .option('-c, --config <json|@file|->', 'LiveConnectConfig to lock into the token (SDK camelCase keys)')
    .option('--system-instruction <text|@file>', 'system instruction (merged over --config)')
    .option('--modality <audio|text>', 'response modality (merged over --config)')
    .option('--voice <name>', 'prebuilt voice name, e.g. Kore (merged over --config)')
    .option('--temperature <n>', 'sampling temperature 0–2 (merged over --config)')
    .option('--transcribe', 'input and output audio transcription')
    .option('--resumable', 'session resumption (sessionResumption: {})')
    .option('--compress', 'sliding-window context compression')
    .option(
      '--tools <json|@file|file.json>',
      "function declarations (or a tools array) to lock, replacing --config's tools",
    )
    .option('--lock <fields>', 'lock the set fields plus these (comma-separated) → fieldMask')
    .option('--lock-set-only', 'lock only the fields that are set (fieldMask of set fields)')
    .option('--lock-all', "lock the whole session setup (no fieldMask): the client's setup is ignored");
}

/** Every `gemtoken mint` flag (command.ts declares them) but --verbose, which the Context reads. */
export const MINT_FLAGS = {
  ...TOKEN_SHAPE_FLAGS,
  ...ABSOLUTE_TIME_FLAGS,
  count: 'string',
  output: 'string',
  dryRun: 'boolean',
  verify: 'boolean',
  interactive: 'boolean',
  apiKeyFile: 'string',
  apiKeyStdin: 'boolean',
  apiKey: 'string',
  ...CONNECTION_FLAGS,
  quiet: 'boolean',
} as const satisfies Readonly<Record<string, FlagKind>>;

export type MintCommandFlags = FlagValues<typeof MINT_FLAGS>;

/** Commander's options record for `mint` (or the one --interactive builds), read once into its typed flags. */
export const readMintFlags = (raw: Readonly<Record<string, unknown>>): MintCommandFlags => readFlags(raw, MINT_FLAGS);

/** Where tokens are minted and how patiently. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--api-version <version>', 'v1alpha, v1beta or v1 (default v1alpha)')
    .option('--base-url <url>', "API base URL, e.g. the emulator's")
    .option('--timeout <duration>', 'per-attempt timeout (default 30s)')
    .option('--retries <n>', 'retries on 429, 5xx, timeouts and connection errors (default 2)');
}
