// The emulator's behaviour profile (docs/emulator.md). `observed` (the default) reproduces what third
// parties saw the real service do where that is stricter than, or different from, the docs;
// `documented` follows the docs. Each deviation is a named quirk that can be switched on its own,
// so a user can reproduce either world, or bisect which difference breaks their client.

import { readFileSync } from 'node:fs';
import { EmulatorOptionError } from './durations.js';
import { choicesNote } from '../suggest.js';

/**
 * `seen`: what the real service did, as `emulator --help` says it; `source`: where that was seen
 * (docs/emulator.md lists both). A URL stays out of `seen`: help wraps between words only, and a
 * URL wider than the terminal could not be wrapped.
 */
export const QUIRKS = {
  'resume-costs-use': {
    seen: 'a resume on a spent uses:1 token is refused 1011 "Token has been used too many times"',
    source: 'discuss.ai.google.dev threads 118180 and 118577',
    observed: true,
  },
  'rest-refuses-live-connect-constraints': {
    seen: 'POST auth_tokens with liveConnectConstraints gets 400 Unknown name',
    source: 'five third-party probes, Aug–Sep 2026',
    observed: true,
  },
  'lifetime-deadline-1011': {
    seen: 'a connection\'s lifetime ends with goAway, then close 1011 "Deadline expired before operation could complete."',
    source: 'https://github.com/kizuna-ai-lab/sokuji/issues/179',
    observed: true,
  },
  'one-socket-per-session': {
    seen: "a resume while the session's old socket is still open is refused 1011",
    source: 'https://github.com/aicc2025/sip-to-ai/issues/14',
    observed: true,
  },
  'full-lock-ignores-client': {
    seen: 'under a full lock the client setup is ignored entirely, resumption and transcription included (the docs say so too)',
    source: 'a third-party report, Sep 2026; the fieldMask reference at https://ai.google.dev/api/live',
    observed: true,
    documented: true,
  },
  'full-lock-default-text': {
    seen: 'a full lock whose setup names no responseModalities gets TEXT, which an audio-only model refuses at connect ("The requested combination of response modalities (TEXT) is not supported by the model")',
    source: 'a third-party report on gemini-3.1-flash-live-preview, Sep 2026',
    observed: true,
  },
  'indented-frames': {
    seen: 'server frames are indented JSON ending in a newline (the docs show compact JSON)',
    source: "frames recorded from the real service in @google/genai's system tests (test/system/recordings)",
    observed: true,
  },
  'resume-loses-context': {
    seen: 'UNCONFIRMED, off in both profiles: a resumed session has lost what was said before it',
    source: 'one field report: https://github.com/googleapis/js-genai/issues/1513',
    observed: false,
  },
} as const;

export type QuirkName = keyof typeof QUIRKS;
export type Quirks = Readonly<Record<QuirkName, boolean>>;
export const PROFILES = ['observed', 'documented'] as const;
export type Profile = (typeof PROFILES)[number];

const NAMES = Object.keys(QUIRKS) as QuirkName[];
const isQuirk = (name: string): name is QuirkName => Object.hasOwn(QUIRKS, name);

/**
 * The built-in profiles are data, in the format `conformance --write-profile` writes (profile-file.ts),
 * each value with its source: src/emulator/profiles/, which esbuild.config.mjs copies to
 * dist/emulator/profiles/. The path is relative to this module's folder's parent so it resolves the
 * same from src/emulator/, tsc's dist/emulator/ and the bundles one folder below dist/. In the
 * documented profile a quirk is on only where the docs describe the same behaviour.
 */
const PROFILE_DIR = new URL('../emulator/profiles/', import.meta.url);
const builtIn = new Map<Profile, Quirks>();

export function profileQuirks(profile: Profile): Quirks {
  let quirks = builtIn.get(profile);
  if (!quirks) {
    const document = JSON.parse(readFileSync(new URL(`${profile}.json`, PROFILE_DIR), 'utf8')) as {
      quirks?: Record<string, unknown>;
    };
    // A quirk the file leaves out is off: the files are checked whole against QUIRKS by the tests.
    quirks = Object.freeze(Object.fromEntries(NAMES.map((name) => [name, document.quirks?.[name] === true])) as Quirks);
    builtIn.set(profile, quirks);
  }
  return quirks;
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

/** For --help: each quirk with what was seen (the sources are in docs/emulator.md). */
export function describeQuirks(): string {
  return NAMES.map((name) => `  ${name}\n      ${QUIRKS[name].seen}`).join('\n');
}
