// The emulator's behaviour profile (protocol.md §7). `observed` (the default) reproduces what third
// parties saw the real service do where that is stricter than, or different from, the docs;
// `documented` follows the docs. Each deviation is a named quirk that can be switched on its own,
// so a user can reproduce either world, or bisect which difference breaks their client.

import { EmulatorOptionError } from './durations.js';
import { choicesNote } from '../suggest.js';

export const QUIRKS = {
  'resume-costs-use': {
    source:
      'F1: a resume on a uses:1 token was refused 1011 "Token has been used too many times" (discuss 118180, 118577)',
    observed: true,
  },
  'rest-refuses-live-connect-constraints': {
    source: 'F2: POST auth_tokens with liveConnectConstraints → 400 Unknown name (five probes, Aug–Sep 2026)',
    observed: true,
  },
  'lifetime-deadline-1011': {
    source:
      'F3: lifetime end is goAway{timeLeft} then close 1011 "Deadline expired before operation could complete." (sokuji#179)',
    observed: true,
  },
  'one-socket-per-session': {
    source: 'F4: a resume while the old socket of the session was open was refused 1011 (sip-to-ai#14)',
    observed: true,
  },
  'full-lock-ignores-client': {
    source:
      'F7: under a full lock the client setup is ignored entirely, resumption and transcription included (3P report, Sep 2026)',
    observed: true,
  },
} as const;

export type QuirkName = keyof typeof QUIRKS;
export type Quirks = Readonly<Record<QuirkName, boolean>>;
export const PROFILES = ['observed', 'documented'] as const;
export type Profile = (typeof PROFILES)[number];

const NAMES = Object.keys(QUIRKS) as QuirkName[];
const isQuirk = (name: string): name is QuirkName => Object.hasOwn(QUIRKS, name);

export function profileQuirks(profile: Profile): Quirks {
  return Object.fromEntries(NAMES.map((name) => [name, profile === 'observed' && QUIRKS[name].observed])) as Quirks;
}

export function parseProfile(text: string): Profile {
  if ((PROFILES as readonly string[]).includes(text)) return text as Profile;
  throw new EmulatorOptionError(`--profile must be "observed" or "documented", got "${text}"`);
}

/** `name=on|off` (or a bare name, meaning on) → one override. */
export function parseQuirkOverride(spec: string): readonly [QuirkName, boolean] {
  const [name = '', value = 'on', extra] = spec.trim().split('=');
  if (!isQuirk(name)) throw new EmulatorOptionError(`--quirk: unknown quirk "${name}" (${choicesNote(name, NAMES)})`);
  if (extra !== undefined || (value !== 'on' && value !== 'off'))
    throw new EmulatorOptionError(`--quirk ${name}: use ${name}=on or ${name}=off`);
  return [name, value === 'on'];
}

/** The profile's quirks with the overrides applied, later overrides winning. */
export function resolveQuirks(profile: Profile, overrides: Iterable<readonly [QuirkName, boolean]> = []): Quirks {
  const quirks: Record<QuirkName, boolean> = { ...profileQuirks(profile) };
  for (const [name, on] of overrides) quirks[name] = on;
  return quirks;
}

/** For --help: one line per quirk with its source. */
export function describeQuirks(): string {
  return NAMES.map((name) => `  ${name}\n      ${QUIRKS[name].source}`).join('\n');
}
