// AuthToken.fieldMask rules (https://ai.google.dev/api/live, and https://github.com/googleapis/js-genai/issues/1492).
//
// The real service's exact rule for nested paths is UNCONFIRMED; ours, chosen to be consistent
// with what has been observed:
//   valid:   a top-level BidiGenerateContentSetup field (`model`, `tools`, `systemInstruction`, …)
//            `generationConfig.<known generationConfig key>` (`generationConfig.temperature`)
//   invalid: anything else: numeric segments (`tools.0`, what SDK 2.x builds for arrays), sub-paths
//            of other fields (`systemInstruction.parts`, `realtimeInputConfig.x`), unknown names,
//            empty segments, deeper generationConfig paths. → 400 "field_mask is invalid for
//            BidiGenerateContentSetup".
// With a setup present, every field it sets must be covered by the mask: a top-level field by its
// own name, or generationConfig by `generationConfig` or by one path per subkey it sets.
// Otherwise → 400 "BidiGenerateContentSetup contains fields that are not specified in field_mask".

import { RPC_BAD_REQUEST, RpcError } from './rpc-status.js';
import { isObject, type JsonObject } from '../json.js';
import { GENERATION_CONFIG_FIELDS, SETUP_FIELDS } from '../setup/setup-schema.js';

export const FIELD_MASK_INVALID = 'field_mask is invalid for BidiGenerateContentSetup';
export const FIELDS_NOT_IN_MASK = 'BidiGenerateContentSetup contains fields that are not specified in field_mask';

export function isValidMaskPath(path: string): boolean {
  const segments = path.split('.');
  if (segments.length === 1) return SETUP_FIELDS.has(path);
  return segments.length === 2 && segments[0] === 'generationConfig' && GENERATION_CONFIG_FIELDS.has(segments[1]!);
}

/** Splits the JSON FieldMask string; an absent or empty mask gives no paths. */
export function parseFieldMask(mask: unknown): string[] {
  if (mask === undefined || mask === null || mask === '') return [];
  if (typeof mask !== 'string') throw maskError(FIELD_MASK_INVALID, 'fieldMask must be a comma-separated string');
  const paths = mask.split(',').map((path) => path.trim());
  for (const path of paths) {
    if (!isValidMaskPath(path)) throw maskError(FIELD_MASK_INVALID, `invalid path ${JSON.stringify(path)}`);
  }
  return [...new Set(paths)];
}

/** The setup paths a mask must cover: top-level names, generationConfig broken into its keys. */
function requiredPaths(setup: JsonObject): string[][] {
  return Object.keys(setup).map((name) => {
    const value = setup[name];
    if (name === 'generationConfig' && isObject(value) && Object.keys(value).length > 0) {
      return Object.keys(value).map((key) => `generationConfig.${key}`);
    }
    return [name];
  });
}

export function checkMaskCoversSetup(setup: JsonObject, paths: readonly string[]): void {
  if (paths.length === 0) return;
  const mask = new Set(paths);
  for (const group of requiredPaths(setup)) {
    const wholeGenerationConfig = group[0]!.startsWith('generationConfig') && mask.has('generationConfig');
    const uncovered = wholeGenerationConfig ? [] : group.filter((path) => !mask.has(path));
    if (uncovered.length > 0) {
      throw maskError(FIELDS_NOT_IN_MASK, `not in field_mask: ${uncovered.join(', ')}`);
    }
  }
}

/** The message stays the service's exact text; the specifics go into the BadRequest detail. */
function maskError(message: string, description: string): RpcError {
  return new RpcError(400, message, [
    { '@type': RPC_BAD_REQUEST, fieldViolations: [{ field: 'field_mask', description }] },
  ]);
}
