// Checks a client `setup` message the way the real server does: unknown or misplaced fields close
// with 1007 and Google's "Unknown name" reason (protocol.md §2.4, §2.8, js-genai #696); the model
// is checked later, on the effective setup, because a token may lock it.

import { SETUP_SCHEMA, fieldRule, snakeCase, type SetupSchema } from './setup-schema.js';
import { CloseCode, Reason, unknownFieldReason, unknownModelReason, type CloseSpec } from '../live/close-codes.js';

const ENUMS: ReadonlyArray<readonly [path: string, allowed: readonly string[]]> = [
  ['generationConfig.responseModalities', ['AUDIO', 'TEXT']],
  ['realtimeInputConfig.activityHandling', ['START_OF_ACTIVITY_INTERRUPTS', 'NO_INTERRUPTION']],
  ['realtimeInputConfig.automaticActivityDetection.startOfSpeechSensitivity', ['START_SENSITIVITY_HIGH', 'START_SENSITIVITY_LOW']],
  ['realtimeInputConfig.automaticActivityDetection.endOfSpeechSensitivity', ['END_SENSITIVITY_HIGH', 'END_SENSITIVITY_LOW']],
];

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(at: string, what: string): CloseSpec {
  return { code: CloseCode.invalidPayload, reason: `Invalid value at '${at}': ${what}` };
}

function walk(value: unknown, schema: SetupSchema, at: string): CloseSpec | undefined {
  if (!isObject(value)) return invalid(at, 'expected a JSON object.');
  for (const [name, child] of Object.entries(value)) {
    const rule = fieldRule(schema, name);
    if (rule === undefined) return { code: CloseCode.invalidPayload, reason: unknownFieldReason(name, at) };
    if (rule !== true && child !== undefined) {
      const problem = walk(child, rule, `${at}.${snakeCase(name)}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function get(root: JsonObject, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) node = isObject(node) ? node[part] : undefined;
  return node;
}

function checkValues(setup: JsonObject): CloseSpec | undefined {
  const at = (path: string): string => `setup.${path.split('.').map(snakeCase).join('.')}`;
  for (const [path, allowed] of ENUMS) {
    const value = get(setup, path);
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const v of values) if (typeof v !== 'string' || !allowed.includes(v)) return invalid(at(path), `invalid enum value ${JSON.stringify(v)}.`);
  }
  const silence = get(setup, 'realtimeInputConfig.automaticActivityDetection.silenceDurationMs');
  if (silence !== undefined && (typeof silence !== 'number' || !(silence >= 0))) return invalid(at('realtimeInputConfig.automaticActivityDetection.silenceDurationMs'), 'expected a non-negative number.');
  const disabled = get(setup, 'realtimeInputConfig.automaticActivityDetection.disabled');
  if (disabled !== undefined && typeof disabled !== 'boolean') return invalid(at('realtimeInputConfig.automaticActivityDetection.disabled'), 'expected a boolean.');
  const handle = get(setup, 'sessionResumption.handle');
  if (handle !== undefined && typeof handle !== 'string') return invalid(at('sessionResumption.handle'), 'expected a string.');
  const model = setup.model;
  if (model !== undefined && typeof model !== 'string') return invalid('setup.model', 'expected a string.');
  return undefined;
}

/** Shape problems in a client setup, or undefined. */
export function validateClientSetup(setup: unknown): CloseSpec | undefined {
  return walk(setup, SETUP_SCHEMA, 'setup') ?? checkValues(setup as JsonObject);
}

/** `models/X` (or a bare `X`) must name a served model; a missing model is an invalid argument. */
export function checkModel(model: unknown, served: readonly string[], apiVersion: string): CloseSpec | undefined {
  if (typeof model !== 'string' || model === '') return { code: CloseCode.invalidPayload, reason: Reason.invalidArgument };
  const id = model.startsWith('models/') ? model.slice('models/'.length) : model;
  if (served.includes(id)) return undefined;
  return { code: CloseCode.policy, reason: unknownModelReason(`models/${id}`, apiVersion) };
}
