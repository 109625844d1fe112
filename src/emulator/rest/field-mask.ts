// AuthToken.fieldMask rules. In JSON a FieldMask is one comma-separated string of paths
// (https://protobuf.dev/reference/protobuf/google.protobuf/#field-mask). What the real service does
// with each kind of path, and what the emulator does:
//   observed refused → refused: a numeric segment (`tools.0`, the path @google/genai 2.x builds for
//     arrays; https://github.com/googleapis/js-genai/issues/1492), an empty segment, a top-level name
//     BidiGenerateContentSetup does not have, an unknown `generationConfig.<key>`.
//   documented → accepted: a top-level setup field (`model`, `tools`, `systemInstruction`, …) and
//     `generationConfig.<known key>` (`generationConfig.temperature`).
//   unconfirmed → accepted with a warning in the log: deeper paths under a known field
//     (`systemInstruction.parts`, what the SDK sends for a system instruction with
//     `lockAdditionalFields: []`; `realtimeInputConfig.automaticActivityDetection`) and snake_case
//     spellings of valid paths (`system_instruction`, read as `systemInstruction`). Nobody has seen
//     the service refuse them, so refusing would be an invented rule.
// With a setup present, every field it sets must be covered by the mask, a field by its own path or
// by paths covering each of its keys. Otherwise → 400 "BidiGenerateContentSetup contains fields that
// are not specified in field_mask" (observed: https://github.com/google-gemini/gemini-live-api-examples/issues/49).

import { RPC_BAD_REQUEST, RpcError } from './rpc-status.js';
import { isObject, type JsonObject } from '../json.js';
import { GENERATION_CONFIG_FIELDS, SETUP_FIELDS } from '../setup/setup-schema.js';

export const FIELD_MASK_INVALID = 'field_mask is invalid for BidiGenerateContentSetup';
export const FIELDS_NOT_IN_MASK = 'BidiGenerateContentSetup contains fields that are not specified in field_mask';

export type MaskPathStatus = 'valid' | 'unconfirmed' | 'invalid';

const SEGMENT = /^[A-Za-z][A-Za-z0-9_]*$/;
const camel = (segment: string): string => segment.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Whether the service is known to accept `path` (already in lowerCamelCase). */
function camelPathStatus(segments: readonly string[]): MaskPathStatus {
  const [top = '', second, ...deeper] = segments;
  if (!SETUP_FIELDS.has(top)) return 'invalid';
  if (second === undefined) return 'valid';
  if (top === 'generationConfig') {
    if (!GENERATION_CONFIG_FIELDS.has(second)) return 'invalid';
    return deeper.length === 0 ? 'valid' : 'unconfirmed';
  }
  return 'unconfirmed';
}

export function maskPathStatus(path: string): MaskPathStatus {
  const segments = path.split('.');
  if (!segments.every((segment) => SEGMENT.test(segment))) return 'invalid';
  const camelCase = segments.map(camel);
  const status = camelPathStatus(camelCase);
  if (status === 'invalid') return status;
  return camelCase.join('.') === path ? status : 'unconfirmed';
}

export interface FieldMask {
  /** The paths in lowerCamelCase, deduplicated. */
  readonly paths: string[];
  /** One line per accepted path whose acceptance by the real service is unconfirmed. */
  readonly warnings: string[];
}

/** Splits the JSON FieldMask string; an absent or empty mask gives no paths. */
export function parseFieldMask(mask: unknown): FieldMask {
  if (mask === undefined || mask === null || mask === '') return { paths: [], warnings: [] };
  if (typeof mask !== 'string') throw maskError(FIELD_MASK_INVALID, 'fieldMask must be a comma-separated string');
  const paths: string[] = [];
  const warnings: string[] = [];
  for (const raw of mask.split(',').map((path) => path.trim())) {
    const status = maskPathStatus(raw);
    if (status === 'invalid') throw maskError(FIELD_MASK_INVALID, `invalid path ${JSON.stringify(raw)}`);
    const path = raw.split('.').map(camel).join('.');
    if (status === 'unconfirmed')
      warnings.push(
        `fieldMask path ${JSON.stringify(raw)} accepted; whether the real service accepts it is unconfirmed`,
      );
    paths.push(path);
  }
  return { paths: [...new Set(paths)], warnings };
}

/** True when `paths` cover `value` at `prefix`: the path itself, or every key of an object below it. */
function covered(mask: ReadonlySet<string>, prefix: string, value: unknown): boolean {
  if (mask.has(prefix)) return true;
  if (!isObject(value) || Object.keys(value).length === 0) return false;
  return Object.keys(value).every((key) => covered(mask, `${prefix}.${key}`, value[key]));
}

export function checkMaskCoversSetup(setup: JsonObject, paths: readonly string[]): void {
  if (paths.length === 0) return;
  const mask = new Set(paths);
  const uncovered = Object.keys(setup).filter((name) => !covered(mask, name, setup[name]));
  if (uncovered.length > 0) throw maskError(FIELDS_NOT_IN_MASK, `not in field_mask: ${uncovered.join(', ')}`);
}

/** The message stays the service's exact text; the specifics go into the BadRequest detail. */
function maskError(message: string, description: string): RpcError {
  return new RpcError(400, message, [
    { '@type': RPC_BAD_REQUEST, fieldViolations: [{ field: 'field_mask', description }] },
  ]);
}
