// The environment every child process gets (arecord/sox through `mic`, the playback probe, device
// listing, demo children, talk's --token-command and --tool-command): an ALLOW-LIST, never ours
// minus what looks secret. A name filter cannot know every name (DB_PASS, GITHUB_PAT, AUTH,
// BEARER…), and a child's environment is readable by its own children, its crash reports and (on
// some systems) other users through /proc/<pid>/environ. So a child gets only what a program needs
// to find itself, its files, its locale, its terminal and its sound system; anything else only when
// the user names it (--pass-env NAME), plus what gemtoken itself sets for that child.

import type { EnvSnapshot } from '../config.js';

/** What a program needs to run, find files and temp space (POSIX, and Windows' own). */
const SYSTEM = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TZ',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
];
/** The locale, by the POSIX and glibc category names (not an LC_ prefix: that is a name filter). */
const LOCALE = [
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'LC_COLLATE',
  'LC_MESSAGES',
  'LC_MONETARY',
  'LC_NUMERIC',
  'LC_TIME',
  'LC_ADDRESS',
  'LC_IDENTIFICATION',
  'LC_MEASUREMENT',
  'LC_NAME',
  'LC_PAPER',
  'LC_TELEPHONE',
];
const TERMINAL = ['TERM', 'COLORTERM', 'COLUMNS', 'LINES', 'NO_COLOR', 'FORCE_COLOR'];
/**
 * What alsa-lib (arecord, aplay, the speaker addon), sox, PulseAudio, PipeWire and JACK read to find
 * their configuration, server and default device; XDG_* because alsa-lib, pulse and pipewire look
 * for their config and sockets there. Named one by one: a PULSE_ prefix would also pass a
 * PULSE_API_KEY of some unrelated service.
 */
const AUDIO = [
  'ALSA_CONFIG_PATH',
  'ALSA_CONFIG_DIR',
  'ALSA_CONFIG_UCM',
  'ALSA_CONFIG_UCM2',
  'ALSA_CONFIG_TPLG',
  'ALSA_PLUGIN_DIR',
  'ALSA_CARD',
  'ALSA_CTL_CARD',
  'ALSA_PCM_CARD',
  'ALSA_PCM_DEVICE',
  'AUDIODEV',
  'AUDIODRIVER',
  'SOX_OPTS',
  'PULSE_SERVER',
  'PULSE_SINK',
  'PULSE_SOURCE',
  'PULSE_COOKIE',
  'PULSE_RUNTIME_PATH',
  'PULSE_STATE_PATH',
  'PULSE_CONFIG_PATH',
  'PULSE_CLIENTCONFIG',
  'PULSE_LATENCY_MSEC',
  'PIPEWIRE_REMOTE',
  'PIPEWIRE_RUNTIME_DIR',
  'PIPEWIRE_CONFIG_DIR',
  'PIPEWIRE_LATENCY',
  'JACK_DEFAULT_SERVER',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_CONFIG_DIRS',
  'XDG_DATA_HOME',
  'XDG_DATA_DIRS',
  'XDG_CACHE_HOME',
  'DBUS_SESSION_BUS_ADDRESS',
];

/** Every name a child inherits without being asked (compared ignoring case: Windows spells `Path`). */
export const CHILD_ENV_ALLOWED: readonly string[] = [...SYSTEM, ...LOCALE, ...TERMINAL, ...AUDIO];
const ALLOWED = new Set(CHILD_ENV_ALLOWED);

export function isAllowedName(name: string): boolean {
  return ALLOWED.has(name.toUpperCase());
}

export interface ChildEnvOptions {
  /** Names the user passed with --pass-env (exact names). */
  readonly pass?: readonly string[];
  /** What gemtoken sets for this child (GEMTOKEN_TOOL_NAME, the run marker…); wins over the rest. */
  readonly set?: Readonly<Record<string, string>>;
}

/** Pure: the allow-listed and passed entries of `parent` that are set, plus `set`. */
export function childEnv(parent: EnvSnapshot, options: ChildEnvOptions = {}): Record<string, string> {
  const passed = new Set(options.pass ?? []);
  // fromEntries and spread define own properties: a variable named __proto__ stays a variable.
  const kept = Object.entries(parent).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && (isAllowedName(entry[0]) || passed.has(entry[0])),
  );
  return { ...Object.fromEntries(kept), ...options.set };
}
