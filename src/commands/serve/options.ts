// serve's own flags (strings from commander) → validated values. Everything here is checked before
// a key is read or a port is bound: bad input binds nothing.

import type { EnvSnapshot } from '../../config.js';
import { UsageError } from '../../errors.js';
import { parseIntFlag } from '../../token/mint-options.js';
import { parseTrustProxy } from '../../serve/client-address.js';
import { isLoopbackAddress } from '../../serve/origin.js';
import { parseOriginRule } from '../../serve/origin-pattern.js';
import { readFlags, type FlagKind, type FlagValues } from '../host.js';
import { CONNECTION_FLAGS, TOKEN_SHAPE_FLAGS } from '../mint/token-flags.js';

/** Every `gemtoken serve` flag (command.ts declares them) but --verbose, which the Context reads. */
export const SERVE_FLAGS = {
  host: 'string',
  port: 'string',
  allowOrigin: 'strings',
  auth: 'string',
  rate: 'string',
  trustProxy: 'strings',
  maxMints: 'string',
  /** commander's --no-page: true unless negated. */
  page: 'boolean',
  emulator: 'boolean',
  verify: 'boolean',
  ...TOKEN_SHAPE_FLAGS,
  apiKeyFile: 'string',
  ...CONNECTION_FLAGS,
} as const satisfies Readonly<Record<string, FlagKind>>;

export type ServeFlags = FlagValues<typeof SERVE_FLAGS>;

/** Commander's options record for `serve`, read once into its typed flags. */
export const readServeFlags = (raw: Readonly<Record<string, unknown>>): ServeFlags => readFlags(raw, SERVE_FLAGS);

export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly allowOrigins: readonly string[];
  readonly trustProxy: readonly string[];
  /** The shared secret callers must send, or undefined for --auth none. */
  readonly bearer: string | undefined;
  /** The variable --auth bearer:NAME names (what a person is told to send, never its value). */
  readonly bearerVariable?: string;
  readonly rate: string;
  readonly maxConcurrentMints: number;
  readonly page: boolean;
}

export function resolveServeFlags(flags: ServeFlags, env: EnvSnapshot): ServeSettings {
  const host = (flags.host ?? '127.0.0.1').trim();
  if (host === '' || /[\s/]/.test(host)) throw new UsageError(`--host '${flags.host ?? ''}' is not an address`);
  if (flags.emulator && flags.baseUrl !== undefined)
    throw new UsageError('use either --emulator or --base-url, not both');
  return {
    host,
    port: parseIntFlag('--port', flags.port ?? '8787', 0, 65_535),
    allowOrigins: checked(flags.allowOrigin, parseOriginRule),
    trustProxy: checked(flags.trustProxy, (value) => parseTrustProxy([value])),
    bearer: resolveAuth(flags.auth, host, env),
    ...(flags.auth?.startsWith('bearer:') ? { bearerVariable: flags.auth.slice('bearer:'.length) } : {}),
    rate: flags.rate ?? '10/min',
    maxConcurrentMints: parseIntFlag('--max-mints', flags.maxMints ?? '16', 1, 10_000),
    page: flags.page !== false,
  };
}

/** Checked here as well as in serveTokens(), so that a bad value reads no key and binds nothing. */
function checked(values: readonly string[] | undefined, check: (value: string) => unknown): readonly string[] {
  for (const value of values ?? []) check(value);
  return values ?? [];
}

function resolveAuth(auth: string | undefined, host: string, env: EnvSnapshot): string | undefined {
  const loopback = isLoopbackAddress(host);
  if (auth === undefined || auth === 'none') {
    if (loopback) return undefined;
    // Anyone who can reach the address could spend the key's quota: the token is the key's power.
    throw new UsageError(
      `--host ${host} is reachable from other machines: tokens need --auth bearer:<ENV_VAR> there${auth === 'none' ? ' (--auth none is for loopback only)' : ''}`,
      'or keep --host 127.0.0.1 behind a reverse proxy that authenticates callers',
    );
  }
  const match = /^bearer:([A-Za-z_][A-Za-z0-9_]*)$/.exec(auth);
  if (!match)
    throw new UsageError(`--auth '${auth}' is not bearer:<ENV_VAR> or none`, 'e.g. --auth bearer:TOKEN_SERVER_SECRET');
  const secret = env[match[1]!];
  if (secret === undefined || secret === '')
    throw new UsageError(`--auth ${auth}: ${match[1]} is not set`, `e.g. export ${match[1]}=$(openssl rand -hex 32)`);
  return secret;
}
