// Validates a token's locked setup (wire shape) against the shared field table (setup-fields.ts),
// answering the REST errors Google's JSON parser gives for unknown or mistyped fields.

import { unknownField, invalidField } from '../rest/rpc-status.js';
import { GENERATION_CONFIG_SCHEMA, SETUP_SCHEMA, fieldRule, snakeCase, type SetupSchema } from './setup-schema.js';

export const SETUP_FIELDS: ReadonlySet<string> = new Set(Object.keys(SETUP_SCHEMA));
export const GENERATION_CONFIG_FIELDS: ReadonlySet<string> = new Set(Object.keys(GENERATION_CONFIG_SCHEMA));

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SETUP_AT = 'auth_token.bidi_generate_content_setup';

/**
 * Checks a wire-form setup: known names at every level of the field table, the right JSON kinds for
 * the fields the Live half relies on. Throws RpcError (400) naming the first offending field.
 */
export function validateSetup(setup: unknown): asserts setup is JsonObject {
  if (!isObject(setup)) throw invalidField('bidiGenerateContentSetup', 'bidiGenerateContentSetup must be a JSON object.');
  const { model, generationConfig, systemInstruction, tools } = setup;
  if (model !== undefined && (typeof model !== 'string' || model === '')) {
    throw invalidField('bidiGenerateContentSetup.model', 'bidiGenerateContentSetup.model must be a non-empty string.');
  }
  if (generationConfig !== undefined && !isObject(generationConfig)) {
    throw invalidField('bidiGenerateContentSetup.generationConfig', 'generationConfig must be a JSON object.');
  }
  if (systemInstruction !== undefined && !(isObject(systemInstruction) && Array.isArray(systemInstruction.parts))) {
    throw invalidField('bidiGenerateContentSetup.systemInstruction', 'systemInstruction must be a Content object with parts.');
  }
  if (tools !== undefined && !Array.isArray(tools)) {
    throw invalidField('bidiGenerateContentSetup.tools', 'tools must be a JSON array.');
  }
  for (const name of ['inputAudioTranscription', 'outputAudioTranscription']) {
    if (setup[name] !== undefined && !isObject(setup[name])) {
      throw invalidField(`bidiGenerateContentSetup.${name}`, `${name} must be a JSON object.`);
    }
  }
  checkFields(setup, SETUP_SCHEMA, '');
}

/** Unknown names anywhere in the known sub-objects, reported at their snake_case proto path. */
function checkFields(value: JsonObject, schema: SetupSchema, path: string): void {
  const at = path === '' ? SETUP_AT : `${SETUP_AT}.${path.split('.').map(snakeCase).join('.')}`;
  for (const [name, child] of Object.entries(value)) {
    const rule = fieldRule(schema, name);
    if (!rule) throw unknownField(name, at);
    if (rule === true || child === undefined) continue;
    const where = path === '' ? name : `${path}.${name}`;
    if (!isObject(child)) throw invalidField(`bidiGenerateContentSetup.${where}`, `${where} must be a JSON object.`);
    checkFields(child, rule, where);
  }
}
