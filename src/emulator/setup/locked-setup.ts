// Validates a token's locked setup (wire shape) against the field table (setup-schema.ts),
// answering the REST errors Google's JSON parser gives for unknown or mistyped fields.

import { isObject, type JsonObject } from '../json.js';
import { unknownField, invalidField } from '../rest/rpc-status.js';
import { SETUP_SCHEMA, findSchemaProblem, snakeCase } from './setup-schema.js';

const SETUP_AT = 'auth_token.bidi_generate_content_setup';

/**
 * Checks a wire-form setup: known names at every level of the field table, the right JSON kinds for
 * the fields the Live half relies on. Throws RpcError (400) naming the first offending field.
 */
export function validateSetup(setup: unknown): asserts setup is JsonObject {
  if (!isObject(setup))
    throw invalidField('bidiGenerateContentSetup', 'bidiGenerateContentSetup must be a JSON object.');
  const { model, generationConfig, systemInstruction, tools } = setup;
  if (model !== undefined && (typeof model !== 'string' || model === '')) {
    throw invalidField('bidiGenerateContentSetup.model', 'bidiGenerateContentSetup.model must be a non-empty string.');
  }
  if (generationConfig !== undefined && !isObject(generationConfig)) {
    throw invalidField('bidiGenerateContentSetup.generationConfig', 'generationConfig must be a JSON object.');
  }
  if (systemInstruction !== undefined && !(isObject(systemInstruction) && Array.isArray(systemInstruction.parts))) {
    throw invalidField(
      'bidiGenerateContentSetup.systemInstruction',
      'systemInstruction must be a Content object with parts.',
    );
  }
  if (tools !== undefined && !Array.isArray(tools)) {
    throw invalidField('bidiGenerateContentSetup.tools', 'tools must be a JSON array.');
  }
  for (const name of ['inputAudioTranscription', 'outputAudioTranscription']) {
    if (setup[name] !== undefined && !isObject(setup[name])) {
      throw invalidField(`bidiGenerateContentSetup.${name}`, `${name} must be a JSON object.`);
    }
  }
  const problem = findSchemaProblem(setup, SETUP_SCHEMA);
  if (problem?.kind === 'unknown-field') {
    // Reported at the snake_case proto path, as Google's parser does.
    throw unknownField(problem.name, [SETUP_AT, ...problem.parent.map(snakeCase)].join('.'));
  }
  if (problem?.kind === 'not-object') {
    const where = problem.path.join('.');
    throw invalidField(`bidiGenerateContentSetup.${where}`, `${where} must be a JSON object.`);
  }
}
