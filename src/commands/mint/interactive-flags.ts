// Pure half of `gemtoken mint --interactive`: the questions' defaults (from the flags already given),
// answers → the same flags the non-interactive path takes, and the equivalent command line. The
// answers go through the normal flag validation, so the printed command mints exactly this token.

import { UsageError } from '../../errors.js';
import { DEFAULT_MODEL, modelId, normalizeModel, type Modality } from '../../model.js';
import { formatHumanDuration, requirePositiveDuration } from '../../token/duration.js';
import { MINT_DEFAULTS, resolveUses, type MintFlags } from '../../token/mint-options.js';
import { shellQuote } from '../../token/output-format.js';
import { DEFAULT_TTL_MS, MAX_AHEAD_MS } from '../../token/time-window.js';

/** Live models offered first (https://ai.google.dev/gemini-api/docs/models); "other" lets the user type any name. */
export const LIVE_MODELS = [
  { value: 'gemini-3.8-live', description: 'stable, the default Live model (audio replies only)' },
  { value: 'gemini-3.8-live-extended-thinking', description: 'stable, high-reasoning variant' },
  { value: 'gemini-3.1-flash-live-preview', description: 'legacy preview' },
  { value: 'gemini-2.5-flash-native-audio-preview-12-2025', description: 'native-audio preview' },
  { value: 'gemini-2.5-flash-native-audio-preview-09-2025', description: 'older native-audio preview' },
] as const;

/** Prebuilt Live voices; '' leaves the voice to the model. */
export const VOICES = ['Puck', 'Charon', 'Kore', 'Fenrir', 'Aoede', 'Leda', 'Orus', 'Zephyr'] as const;

export const OTHER = '\u0000other' as const;

/** How much the token locks: the model alone, or the model and the session config asked next. */
export type LockScope = 'model' | 'config';

export interface MintAnswers {
  /** Model id without `models/`. */
  readonly model: string;
  readonly scope: LockScope;
  readonly modality: Modality;
  /** '' = the model's default voice. */
  readonly voice: string;
  /** '' = none; `@file` reads a file, exactly like --system-instruction. */
  readonly systemInstruction: string;
  readonly uses: string;
  /** undefined when --expire-at was given (then there is nothing to ask). */
  readonly ttl: string | undefined;
}

/** The config flags asked for when the config is locked, in the questions' order. */
const ASKED_CONFIG_FLAGS = ['modality', 'voice', 'systemInstruction'] as const;
/** The config flags only the command line sets. */
const OTHER_CONFIG_FLAGS = ['config', 'temperature', 'transcribe', 'resumable', 'compress', 'tools'] as const;
/** Under "the model only" none of these is sent. */
const CONFIG_FLAGS = [...ASKED_CONFIG_FLAGS, ...OTHER_CONFIG_FLAGS] as const;
const LOCK_FLAGS = ['lock', 'lockSetOnly', 'lockAll'] as const;

/** The flags commander hands to runMint: strings and booleans keyed by camelCase option name. */
export type RawMintFlags = Readonly<Record<string, unknown>>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Each question's pre-selected answer: the flag if it was given, else the product default. */
export function defaultAnswers(given: RawMintFlags): MintAnswers {
  const givenModel = str(given.model);
  const model = givenModel === undefined ? DEFAULT_MODEL : modelId(givenModel);
  const modality = str(given.modality)?.trim().toLowerCase() === 'text' ? 'text' : 'audio';
  // A config flag or a lock flag on the command line says the config is meant to be locked.
  const configGiven =
    CONFIG_FLAGS.some((key) => given[key] !== undefined && given[key] !== false) ||
    LOCK_FLAGS.some((key) => given[key]);
  return {
    model,
    scope: configGiven ? 'config' : 'model',
    modality,
    voice: str(given.voice) ?? '',
    systemInstruction: str(given.systemInstruction) ?? '',
    uses: str(given.uses) ?? String(MINT_DEFAULTS.uses),
    ttl: given.expireAt !== undefined ? undefined : withUnit(str(given.ttl) ?? formatHumanDuration(DEFAULT_TTL_MS)),
  };
}

/** The answers merged over the given flags; empty answers unset their flag. Drops --interactive. */
export function answersToFlags(given: RawMintFlags, answers: MintAnswers): Record<string, unknown> {
  const flags: Record<string, unknown> = { ...given };
  delete flags.interactive;
  const set = (key: keyof MintFlags, value: string | undefined): void => {
    if (value === undefined || value.trim() === '') delete flags[key];
    else flags[key] = value.trim();
  };
  set('model', answers.model);
  if (answers.scope === 'model') {
    // The model alone is a field mask of it (mint's default for a model): nothing else is fixed.
    for (const key of [...CONFIG_FLAGS, 'lockAll']) delete flags[key];
  } else {
    set('modality', answers.modality);
    // A voice only means something for spoken replies.
    set('voice', answers.modality === 'audio' ? answers.voice : undefined);
    // Not trimmed: leading/trailing text of an instruction is the user's business, but blank is none.
    if (answers.systemInstruction.trim() === '') delete flags.systemInstruction;
    else flags.systemInstruction = answers.systemInstruction;
    // What was asked is locked, and only that: clients keep their transcripts and resumption.
    if (!LOCK_FLAGS.some((key) => flags[key])) flags.lockSetOnly = true;
  }
  set('uses', answers.uses);
  set('ttl', answers.ttl);
  return flags;
}

/**
 * Printed in this order: the model and the asked config as the questions came, the token's lifetime,
 * then the rest of the config and the lock. Anything else still appears, after these (see the coverage test).
 */
export const FLAG_ORDER = [
  'model',
  ...ASKED_CONFIG_FLAGS,
  'uses',
  'ttl',
  'newSessionTtl',
  'expireAt',
  'newSessionExpireAt',
  ...OTHER_CONFIG_FLAGS,
  ...LOCK_FLAGS,
  'count',
  'output',
  'dryRun',
  'verify',
  'apiKeyFile',
  'apiVersion',
  'baseUrl',
  'timeout',
  'retries',
  'quiet',
  'verbose',
] as const;

/** Never printed: the key itself, and flags that make no sense in the printed command. */
export const NEVER_PRINTED = ['apiKey', 'apiKeyStdin', 'interactive'] as const;

const kebab = (name: string): string => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `gemtoken mint …` for these flags, POSIX shell-quoted; the API key is never part of it. */
export function commandLine(flags: RawMintFlags): string {
  const never: readonly string[] = NEVER_PRINTED;
  const order: readonly string[] = FLAG_ORDER;
  const keys = [...order.filter((k) => k in flags), ...Object.keys(flags).filter((k) => !order.includes(k))];
  const words = ['gemtoken', 'mint'];
  for (const key of keys) {
    const value = flags[key];
    if (never.includes(key) || value === undefined || value === false) continue;
    if (value === true) words.push(kebab(key));
    else if (typeof value === 'string') words.push(kebab(key), shellQuote(value));
  }
  return words.join(' ');
}

/** For a prompt's validate(): true, or the one-line message the flag would fail with. */
export function checkAnswer(check: (text: string) => unknown): (text: string) => true | string {
  return (text) => {
    try {
      check(text);
      return true;
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
  };
}

export const validateUses = checkAnswer((text) => resolveUses(text));
export const validateModel = checkAnswer((text) => normalizeModel(text.trim()));
export const validateVoice = checkAnswer((text) => {
  if (text.trim() === '' || /\s/.test(text.trim())) throw new UsageError(`'${text}' is not a voice name (e.g. Kore)`);
});
export const validateTtl = checkAnswer((text) => {
  // On the command line bare seconds are documented; typed at a prompt "45" more likely meant
  // minutes, so it is asked back instead of silently becoming 45 seconds.
  const bare = /^\s*(\d+)\s*$/.exec(text)?.[1];
  if (bare !== undefined && Number(bare) > 0)
    throw new UsageError(`${bare} seconds? Type ${bare}s to confirm, or ${bare}m or ${bare}h`);
  if (requirePositiveDuration('--ttl', text) >= MAX_AHEAD_MS) throw new UsageError('--ttl must be less than 20h');
});

/** A --ttl given as bare seconds, shown with its unit as the lifetime question's default. */
function withUnit(ttl: string): string {
  return /^\s*\d+\s*$/.test(ttl) && Number(ttl) > 0 ? `${ttl.trim()}s` : ttl;
}
