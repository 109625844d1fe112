// Raw `gemtoken emulator` flag strings → startEmulator() options. Pure; throws EmulatorOptionError
// (the command turns it into a usage error, exit 2) before anything listens.

import { EMULATOR_DEFAULTS } from './defaults.js';
import { EmulatorOptionError, parseDurationMs } from './durations.js';
import { parseFaultSpec, type FaultEntry } from './faults.js';
import type { LogFormat } from './log.js';
import { parseProfile, parseQuirkOverride, resolveQuirks, type Profile, type Quirks } from './quirks.js';

export interface EmulatorFlags {
  readonly host?: string;
  readonly port?: string;
  readonly apiKey?: readonly string[];
  readonly adminKey?: readonly string[];
  readonly model?: readonly string[];
  readonly connectionLifetime?: string;
  readonly goAwayLead?: string;
  readonly maxSessions?: string;
  readonly log?: string;
  readonly fault?: readonly string[];
  readonly profile?: string;
  readonly quirk?: readonly string[];
  /** A path; read (and checked) by the command, not here: this module does no I/O. */
  readonly scenario?: string;
}

export interface ResolvedFlags {
  readonly host: string;
  readonly port: number;
  readonly apiKeys: readonly string[];
  /** Present only when --admin-key was given. */
  readonly adminKeys?: readonly string[];
  readonly models: readonly string[];
  readonly connectionLifetimeMs?: number;
  readonly goAwayLeadMs?: number;
  readonly maxSessions?: number;
  readonly logFormat: LogFormat;
  readonly faults: readonly FaultEntry[];
  readonly profile: Profile;
  readonly quirks: Quirks;
}

function integer(text: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    throw new EmulatorOptionError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

/** True for addresses only this machine can reach; anything else gets a warning. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function resolveEmulatorFlags(flags: EmulatorFlags): ResolvedFlags {
  const host = (flags.host ?? '127.0.0.1').trim();
  if (host === '' || /[\s/]/.test(host)) throw new EmulatorOptionError(`--host: invalid address "${flags.host ?? ''}"`);
  const keys = (given: readonly string[] | undefined, flag: string): string[] =>
    (given ?? []).map((key) => {
      if (key.trim() === '' || /\s/.test(key)) throw new EmulatorOptionError(`${flag} must be non-empty and contain no spaces`);
      return key;
    });
  const apiKeys = keys(flags.apiKey, '--api-key');
  const adminKeys = keys(flags.adminKey, '--admin-key');
  const models = (flags.model ?? []).map((model) => {
    const bare = model.trim().replace(/^models\//, '');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(bare)) throw new EmulatorOptionError(`--model: invalid model name "${model}"`);
    return bare;
  });
  const log = flags.log ?? 'text';
  const profile = parseProfile(flags.profile ?? 'observed');
  if (log !== 'text' && log !== 'json') throw new EmulatorOptionError(`--log must be "text" or "json", got "${log}"`);
  const lifetimeMs = flags.connectionLifetime === undefined ? undefined : parseDurationMs(flags.connectionLifetime, '--connection-lifetime');
  const leadMs = flags.goAwayLead === undefined ? undefined : parseDurationMs(flags.goAwayLead, '--go-away-lead');
  if (leadMs !== undefined && leadMs >= (lifetimeMs ?? EMULATOR_DEFAULTS.connectionLifetimeMs)) {
    throw new EmulatorOptionError('--go-away-lead must be shorter than --connection-lifetime (default 10m)');
  }
  return {
    host,
    port: flags.port === undefined ? 0 : integer(flags.port, '--port', 0, 65_535),
    apiKeys,
    ...(adminKeys.length > 0 ? { adminKeys } : {}),
    models,
    ...(lifetimeMs === undefined ? {} : { connectionLifetimeMs: lifetimeMs }),
    ...(leadMs === undefined ? {} : { goAwayLeadMs: leadMs }),
    ...(flags.maxSessions === undefined ? {} : { maxSessions: integer(flags.maxSessions, '--max-sessions', 1, 100_000) }),
    logFormat: log,
    faults: (flags.fault ?? []).map((spec) => parseFaultSpec(spec)),
    profile,
    quirks: resolveQuirks(profile, (flags.quirk ?? []).map((spec) => parseQuirkOverride(spec))),
  };
}
