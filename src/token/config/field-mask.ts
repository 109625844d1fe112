// The AuthToken.fieldMask we send (AuthToken.fieldMask, https://ai.google.dev/api/live). It follows SDK 2.32's
// convertBidiSetupToTokenSetup cases, but not its getFieldMasks paths:
//  - the SDK emits `key.subkey` for every non-empty object or array in the setup, giving `tools.0`,
//    `systemInstruction.parts`, `systemInstruction.role`, which the server rejects with 400
//    "field_mask is invalid for BidiGenerateContentSetup" (https://github.com/googleapis/js-genai/issues/1492;
//    the fix PR #1602 was closed unmerged). We emit top-level field names, plus `generationConfig.<key>`
//    for the generation config, whose sub-fields are what the SDK's own lock list addresses. Those are the
//    only paths with evidence of acceptance; the whole top-level field is locked either way.
//  - extra lock names are mapped to where the field lives on the wire (`thinkingConfig` →
//    `generationConfig.thinkingConfig`); the SDK prefixes only seven names and passes the rest through,
//    and without a setup it passes all of them unprefixed.
//  - duplicates are dropped (the SDK repeats a path that is both set and listed as extra).

import { UsageError } from '../../errors.js';
import { choicesNote } from '../../suggest.js';
import { isJsonObject, type JsonObject } from './json.js';
import { GENERATION_KEYS, SETUP_KEYS } from './live-config.js';

const GENERATION_LOCKS: readonly string[] = [...GENERATION_KEYS, 'translationConfig'];

export const LOCKABLE_FIELDS: readonly string[] = [
  'model',
  ...GENERATION_LOCKS,
  'generationConfig',
  ...SETUP_KEYS,
  'labels',
];

/** The wire path for one --lock name; refuses names that are not setup fields. */
export function lockPath(name: string): string {
  if (name.startsWith('generationConfig.') && GENERATION_LOCKS.includes(name.slice('generationConfig.'.length)))
    return name;
  if (!LOCKABLE_FIELDS.includes(name)) {
    throw new UsageError(`--lock: unknown field '${name}'`, choicesNote(name, LOCKABLE_FIELDS, 'lockable'));
  }
  return GENERATION_LOCKS.includes(name) ? `generationConfig.${name}` : name;
}

/** Paths for the fields set in the setup: top-level names, generationConfig split one level. */
export function setFieldPaths(setup: JsonObject): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(setup)) {
    if (key === 'generationConfig' && isJsonObject(value) && Object.keys(value).length > 0) {
      paths.push(...Object.keys(value).map((sub) => `${key}.${sub}`));
    } else {
      paths.push(key);
    }
  }
  return paths;
}

/**
 * lock undefined → no mask (full lock when a setup exists). lock [] → the set fields.
 * lock [names] → the set fields plus those names. Returns undefined when no mask is to be sent.
 */
export function computeFieldMask(
  setup: JsonObject | undefined,
  lock: readonly string[] | undefined,
): string | undefined {
  if (lock === undefined) return undefined;
  const extras = lock.map(lockPath);
  if (setup === undefined && extras.length === 0) return undefined;
  const paths = [...(setup ? setFieldPaths(setup) : []), ...extras];
  const unique = [...new Set(paths)];
  return unique.length > 0 ? unique.join(',') : undefined;
}
