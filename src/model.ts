// Live model names and reply modalities, shared by `mint` (the model a token locks), `talk` (the
// model its setup message asks for) and `mint --interactive` (the questions' defaults).
//
// Resource names follow the SDK's tModel (protocol.md §1.7): `models/` is added unless the name
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
    throw new UsageError(`--model '${name}' is not a valid model name ('..', '?' and '&' are not allowed)`, 'e.g. --model gemini-3.8-live');
  }
  if ((RESOURCE_PREFIXES as readonly string[]).includes(name)) throw new UsageError(`--model '${name}' names no model`);
  return modelResource(name);
}
