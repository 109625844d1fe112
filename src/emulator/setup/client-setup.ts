// Checks a client `setup` message the way the real server does: unknown or misplaced fields close
// with 1007 and Google's "Unknown name" reason (https://github.com/googleapis/js-genai/issues/696); the model
// is checked later, on the effective setup, because a token may lock it.

import { getPath, isObject, type JsonObject } from '../json.js';
import { SETUP_SCHEMA, findSchemaProblem, snakeCase } from './setup-schema.js';
import { CloseCode, Reason, unknownFieldReason, unknownModelReason, type CloseSpec } from '../live/close-codes.js';

const ENUMS: ReadonlyArray<readonly [path: string, allowed: readonly string[]]> = [
  ['generationConfig.responseModalities', ['AUDIO', 'TEXT']],
  ['realtimeInputConfig.activityHandling', ['START_OF_ACTIVITY_INTERRUPTS', 'NO_INTERRUPTION']],
  [
    'realtimeInputConfig.automaticActivityDetection.startOfSpeechSensitivity',
    ['START_SENSITIVITY_HIGH', 'START_SENSITIVITY_LOW'],
  ],
  [
    'realtimeInputConfig.automaticActivityDetection.endOfSpeechSensitivity',
    ['END_SENSITIVITY_HIGH', 'END_SENSITIVITY_LOW'],
  ],
];

function invalid(at: string, what: string): CloseSpec {
  return { code: CloseCode.invalidPayload, reason: `Invalid value at '${at}': ${what}` };
}

/** `setup.a_b.c_d`: where Google's parser reports a wire path. */
function protoPath(parts: readonly string[]): string {
  return ['setup', ...parts.map(snakeCase)].join('.');
}

function checkFields(setup: unknown): CloseSpec | undefined {
  if (!isObject(setup)) return invalid('setup', 'expected a JSON object.');
  const problem = findSchemaProblem(setup, SETUP_SCHEMA);
  if (problem?.kind === 'unknown-field')
    return { code: CloseCode.invalidPayload, reason: unknownFieldReason(problem.name, protoPath(problem.parent)) };
  if (problem?.kind === 'not-object') return invalid(protoPath(problem.path), 'expected a JSON object.');
  return undefined;
}

/** The value at a dotted wire path. */
function get(setup: JsonObject, path: string): unknown {
  return getPath(setup, path.split('.'));
}

function checkValues(setup: JsonObject): CloseSpec | undefined {
  const at = (path: string): string => protoPath(path.split('.'));
  for (const [path, allowed] of ENUMS) {
    const value = get(setup, path);
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const v of values)
      if (typeof v !== 'string' || !allowed.includes(v))
        return invalid(at(path), `invalid enum value ${JSON.stringify(v)}.`);
  }
  const silence = get(setup, 'realtimeInputConfig.automaticActivityDetection.silenceDurationMs');
  if (silence !== undefined && (typeof silence !== 'number' || !(silence >= 0)))
    return invalid(
      at('realtimeInputConfig.automaticActivityDetection.silenceDurationMs'),
      'expected a non-negative number.',
    );
  const disabled = get(setup, 'realtimeInputConfig.automaticActivityDetection.disabled');
  if (disabled !== undefined && typeof disabled !== 'boolean')
    return invalid(at('realtimeInputConfig.automaticActivityDetection.disabled'), 'expected a boolean.');
  const handle = get(setup, 'sessionResumption.handle');
  if (handle !== undefined && typeof handle !== 'string')
    return invalid(at('sessionResumption.handle'), 'expected a string.');
  const model = setup.model;
  if (model !== undefined && typeof model !== 'string') return invalid('setup.model', 'expected a string.');
  return undefined;
}

/** Shape problems in a client setup, or undefined. */
export function validateClientSetup(setup: unknown): CloseSpec | undefined {
  return checkFields(setup) ?? checkValues(setup as JsonObject);
}

/** `models/X` (or a bare `X`) must name a served model; a missing model is an invalid argument. */
export function checkModel(model: unknown, served: readonly string[], apiVersion: string): CloseSpec | undefined {
  if (typeof model !== 'string' || model === '')
    return { code: CloseCode.invalidPayload, reason: Reason.invalidArgument };
  const id = model.startsWith('models/') ? model.slice('models/'.length) : model;
  if (served.includes(id)) return undefined;
  return { code: CloseCode.policy, reason: unknownModelReason(`models/${id}`, apiVersion) };
}
