// Raw `gemtoken emulator` flag strings → createEmulatorServer() options. Pure; throws EmulatorOptionError
// (the command turns it into a usage error, exit 2) before anything listens.

import { EMULATOR_DEFAULTS } from './defaults.js';
import { EmulatorOptionError, parseEmulatorDuration } from './durations.js';
import { parseFaultSpec, type FaultEntry } from './faults.js';
import type { LogFormat } from './log.js';
import { DEFAULT_UPSTREAM, type RecordOptions } from './record/index.js';
import type { ReplayOptions } from './replay/index.js';
import {
  parseProfile,
  parseQuirkOverride,
  resolveQuirks,
  type Profile,
  type QuirkName,
  type Quirks,
} from './quirks.js';
import { definedProps } from '../defined-props.js';

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
  readonly record?: string;
  readonly upstream?: string;
  readonly recordAudio?: string;
  readonly replay?: string;
  readonly replaySpeed?: string;
  /** A cassette or record directory to print as a scenario instead of listening (commands/emulator/export.ts). */
  readonly exportScenario?: string;
  readonly exportFormat?: string;
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
  /** The --profile file's name, when the quirks came from one (the ready line names it). */
  readonly profileFile?: string;
  readonly quirks: Quirks;
  readonly record?: RecordOptions;
  readonly replay?: ReplayOptions;
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

/** A --profile file the command read (profile-file.ts): its name and quirks. */
export interface LoadedProfile {
  readonly name: string;
  readonly quirks: Quirks;
}

/** `file`: the profile file --profile named, read by the command (this module does no I/O). */
export function resolveEmulatorFlags(flags: EmulatorFlags, file?: LoadedProfile): ResolvedFlags {
  const host = (flags.host ?? '127.0.0.1').trim();
  if (host === '' || /[\s/]/.test(host)) throw new EmulatorOptionError(`--host: invalid address "${flags.host ?? ''}"`);
  const keys = (given: readonly string[] | undefined, flag: string): string[] =>
    (given ?? []).map((key) => {
      if (key.trim() === '' || /\s/.test(key))
        throw new EmulatorOptionError(`${flag} must be non-empty and contain no spaces`);
      return key;
    });
  const apiKeys = keys(flags.apiKey, '--api-key');
  const adminKeys = keys(flags.adminKey, '--admin-key');
  const models = (flags.model ?? []).map((model) => {
    const bare = model.trim().replace(/^models\//, '');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(bare))
      throw new EmulatorOptionError(`--model: invalid model name "${model}"`);
    return bare;
  });
  const log = flags.log ?? 'text';
  // A file's quirks stand over the observed profile (those it leaves out keep their default).
  const profile = file ? 'observed' : parseProfile(flags.profile ?? 'observed');
  if (log !== 'text' && log !== 'json') throw new EmulatorOptionError(`--log must be "text" or "json", got "${log}"`);
  const lifetimeMs =
    flags.connectionLifetime === undefined
      ? undefined
      : parseEmulatorDuration(flags.connectionLifetime, '--connection-lifetime');
  const leadMs = flags.goAwayLead === undefined ? undefined : parseEmulatorDuration(flags.goAwayLead, '--go-away-lead');
  if (leadMs !== undefined && leadMs >= (lifetimeMs ?? EMULATOR_DEFAULTS.connectionLifetimeMs)) {
    throw new EmulatorOptionError('--go-away-lead must be shorter than --connection-lifetime (default 10m)');
  }
  return {
    ...recordReplay(flags),
    host,
    port: flags.port === undefined ? 0 : integer(flags.port, '--port', 0, 65_535),
    apiKeys,
    ...(adminKeys.length > 0 ? { adminKeys } : {}),
    models,
    ...definedProps({ connectionLifetimeMs: lifetimeMs, goAwayLeadMs: leadMs }),
    ...(flags.maxSessions === undefined
      ? {}
      : { maxSessions: integer(flags.maxSessions, '--max-sessions', 1, 100_000) }),
    logFormat: log,
    faults: (flags.fault ?? []).map((spec) => parseFaultSpec(spec)),
    profile,
    ...definedProps({ profileFile: file?.name }),
    quirks: resolveQuirks(profile, [
      ...(file ? (Object.entries(file.quirks) as [QuirkName, boolean][]) : []),
      ...(flags.quirk ?? []).map((spec) => parseQuirkOverride(spec)),
    ]),
  };
}

/** --record/--upstream/--record-audio and --replay/--replay-speed: one mode at most, each flag in its own. */
export function recordReplay(flags: EmulatorFlags): { record?: RecordOptions; replay?: ReplayOptions } {
  if (flags.record !== undefined && flags.replay !== undefined)
    throw new EmulatorOptionError('--record and --replay cannot be used together');
  if (flags.record === undefined && (flags.upstream !== undefined || flags.recordAudio !== undefined)) {
    throw new EmulatorOptionError('--upstream and --record-audio need --record <dir>');
  }
  if (flags.replay === undefined && flags.replaySpeed !== undefined)
    throw new EmulatorOptionError('--replay-speed needs --replay <dir>');
  for (const [flag, dir] of [
    ['--record', flags.record],
    ['--replay', flags.replay],
  ] as const) {
    if (dir !== undefined && dir.trim() === '') throw new EmulatorOptionError(`${flag} needs a directory`);
  }
  if (flags.record !== undefined) {
    const upstream = flags.upstream ?? DEFAULT_UPSTREAM;
    let url: URL | undefined;
    try {
      url = new URL(upstream);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '') {
      throw new EmulatorOptionError(`--upstream must be an http(s) URL without credentials, got "${upstream}"`);
    }
    const audio = flags.recordAudio ?? 'on';
    if (audio !== 'on' && audio !== 'off')
      throw new EmulatorOptionError(`--record-audio must be "on" or "off", got "${audio}"`);
    return {
      record: { dir: flags.record, upstream: url.origin + url.pathname.replace(/\/+$/, ''), audio: audio === 'on' },
    };
  }
  if (flags.replay !== undefined) {
    const text = flags.replaySpeed ?? '1';
    const speed = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(speed >= 0) || speed > 1000) {
      throw new EmulatorOptionError(
        `--replay-speed must be a number from 0 (as fast as possible) to 1000, got "${text}"`,
      );
    }
    return { replay: { dir: flags.replay, speed } };
  }
  return {};
}
