// Live model names and reply modalities, shared by `mint` (the model a token locks), `talk` (the
// model its setup message asks for) and `mint --interactive` (the questions' defaults).
//
// Resource names follow the SDK's tModel (@google/genai): `models/` is added unless the name
// already starts with `models/` or `tunedModels/`.

import { UsageError } from './errors.js';

export const DEFAULT_MODEL = 'gemini-3.8-live';

export const MODALITIES = ['audio', 'text'] as const;
export type Modality = (typeof MODALITIES)[number];

const RESOURCE_PREFIXES = ['models/', 'tunedModels/'] as const;

/** `gemini-3.8-live` → `models/gemini-3.8-live`; already-prefixed names are left alone. No checks. */
export function modelResource(name: string): string {
  return RESOURCE_PREFIXES.some((prefix) => name.startsWith(prefix)) ? name : `models/${name}`;
}

/** `models/gemini-3.8-live` → `gemini-3.8-live`, the id a person types. */
export function modelId(name: string): string {
  return name.replace(/^models\//, '');
}

/**
 * --model → the resource name a token locks. Names with `..`, `?` or `&` are refused like the SDK
 * refuses them (they would escape the resource path); so are empty names and whitespace, which the
 * SDK lets through and the server would only reject later.
 */
export function normalizeModel(name: string): string {
  if (name.trim() === '') throw new UsageError('--model must not be empty', 'e.g. --model gemini-3.8-live');
  if (/\s/.test(name)) throw new UsageError(`--model '${name}' contains whitespace`);
  if (name.includes('..') || name.includes('?') || name.includes('&')) {
    throw new UsageError(
      `--model '${name}' is not a valid model name ('..', '?' and '&' are not allowed)`,
      'e.g. --model gemini-3.8-live',
    );
  }
  if ((RESOURCE_PREFIXES as readonly string[]).includes(name)) throw new UsageError(`--model '${name}' names no model`);
  return modelResource(name);
}

/**
 * What we know a Live model can do (docs/emulator.md; https://github.com/livekit/livekit/issues/4103):
 * gemini-3.8-live answers in audio only (its text comes as output transcription), and the native-audio models closed
 * a TEXT setup with 1007 "Cannot extract voices from a non-audio request.". Only known models are listed: an unknown
 * name passes every check, because refusing what the service might accept would be an invented rule.
 */
export interface ModelCapabilities {
  readonly audioOnly: boolean;
}

const KNOWN_MODELS: Readonly<Record<string, ModelCapabilities>> = {
  'gemini-3.8-live': { audioOnly: true },
  // A third-party report: a TEXT setup on it was closed "The requested combination of response modalities
  // (TEXT) is not supported by the model". Not listed: gemini-3.8-live-extended-thinking, whose
  // modalities no source states (https://ai.google.dev/gemini-api/docs/models).
  'gemini-3.1-flash-live-preview': { audioOnly: true },
};

/** Capabilities of a model id or resource name; undefined when we know nothing about it. */
export function modelCapabilities(name: string): ModelCapabilities | undefined {
  const id = modelId(name);
  // Every native-audio model seen so far (previews, `-latest` alias) carries this in its name.
  return KNOWN_MODELS[id] ?? (/-native-audio-/.test(id) ? { audioOnly: true } : undefined);
}

/**
 * The UsageError (exit 2) for asking a known audio-only model for TEXT replies, or undefined.
 * `fix` names what to drop (a flag, or the key in a config).
 */
export function textOnAudioOnlyModel(name: string, fix: string): UsageError | undefined {
  if (!modelCapabilities(name)?.audioOnly) return undefined;
  const id = modelId(name);
  return new UsageError(
    `${id} answers in audio only; a TEXT response modality fails at setup`,
    `its text comes as output transcripts: ${fix}`,
  );
}
