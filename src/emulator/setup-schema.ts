// The BidiGenerateContentSetup fields the Gemini Developer API knows (protocol.md §2.4), used to
// validate a token's locked setup and its field mask. Enterprise-only extras the SDK can emit
// (avatarConfig, labels, explicitVadSignal) are unknown here on purpose: the Developer API is the
// surface we emulate.

import { unknownField, invalidField } from './rpc-status.js';

export const SETUP_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'generationConfig',
  'systemInstruction',
  'tools',
  'realtimeInputConfig',
  'sessionResumption',
  'contextWindowCompression',
  'inputAudioTranscription',
  'outputAudioTranscription',
  'proactivity',
  'historyConfig',
  'safetySettings',
]);

/** generationConfig keys valid for Live; responseLogprobs, responseMimeType, … are not (§2.4). */
export const GENERATION_CONFIG_FIELDS: ReadonlySet<string> = new Set([
  'responseModalities',
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'candidateCount',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'mediaResolution',
  'speechConfig',
  'thinkingConfig',
  'enableAffectiveDialog',
  'translationConfig',
]);

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SETUP_AT = 'auth_token.bidi_generate_content_setup';

/**
 * Checks a wire-form setup: known top-level and generationConfig names, the right JSON kinds for
 * the fields the Live half relies on. Throws RpcError (400) naming the first offending field.
 */
export function validateSetup(setup: unknown): asserts setup is JsonObject {
  if (!isObject(setup)) throw invalidField('bidiGenerateContentSetup', 'bidiGenerateContentSetup must be a JSON object.');
  for (const name of Object.keys(setup)) if (!SETUP_FIELDS.has(name)) throw unknownField(name, SETUP_AT);
  const { model, generationConfig, systemInstruction, tools } = setup;
  if (model !== undefined && (typeof model !== 'string' || model === '')) {
    throw invalidField('bidiGenerateContentSetup.model', 'bidiGenerateContentSetup.model must be a non-empty string.');
  }
  if (generationConfig !== undefined) {
    if (!isObject(generationConfig)) {
      throw invalidField('bidiGenerateContentSetup.generationConfig', 'generationConfig must be a JSON object.');
    }
    for (const name of Object.keys(generationConfig)) {
      if (!GENERATION_CONFIG_FIELDS.has(name)) throw unknownField(name, `${SETUP_AT}.generation_config`);
    }
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
  for (const [name, schema] of Object.entries(NESTED)) checkNested(setup[name], schema, name);
}

/** Known sub-fields of the setup objects whose shape the Live half interprets. */
interface Nested {
  readonly [field: string]: Nested | true;
}
const NESTED: Readonly<Record<string, Nested>> = {
  realtimeInputConfig: {
    automaticActivityDetection: {
      disabled: true,
      startOfSpeechSensitivity: true,
      endOfSpeechSensitivity: true,
      prefixPaddingMs: true,
      silenceDurationMs: true,
    },
    activityHandling: true,
    turnCoverage: true,
  },
  sessionResumption: { handle: true, transparent: true },
  contextWindowCompression: { triggerTokens: true, slidingWindow: { targetTokens: true } },
  proactivity: { proactiveAudio: true },
  historyConfig: { initialHistoryInClientContent: true },
};

function checkNested(value: unknown, schema: Nested, path: string): void {
  if (value === undefined) return;
  if (!isObject(value)) throw invalidField(`bidiGenerateContentSetup.${path}`, `${path} must be a JSON object.`);
  const at = `${SETUP_AT}.${path.split('.').map(snake).join('.')}`;
  for (const [name, child] of Object.entries(value)) {
    const rule = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (!rule) throw unknownField(name, at);
    if (rule !== true) checkNested(child, rule, `${path}.${name}`);
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
