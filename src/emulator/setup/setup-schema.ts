// The wire-shape BidiGenerateContentSetup fields the Gemini Developer API knows (https://ai.google.dev/api/live),
// nested objects included, and the one walker over them, shared by the REST half (a token's locked
// setup) and the Live half (a client `setup`). Sub-object names follow the API's message types as
// @google/genai 2.32 declares them. Written independently of the client's own --config table
// (src/token/config/config-schema.ts): a mistake there must not be mirrored here.

import { isObject, type JsonObject } from '../json.js';

/** true = any JSON value is accepted there (content the emulator never interprets). */
export interface SetupSchema {
  readonly [field: string]: SetupSchema | true;
}

const TRANSCRIPTION: SetupSchema = {
  languageCodes: true,
  languageAuto: {},
  languageHints: { languageCodes: true },
  customVocabulary: true,
  adaptationPhrases: true,
  wordTimestamp: true,
  diarization: true,
  mode: true,
};

/** generationConfig keys valid for Live; responseLogprobs, responseMimeType, … are not. */
export const GENERATION_CONFIG_SCHEMA: SetupSchema = {
  responseModalities: true,
  temperature: true,
  topP: true,
  topK: true,
  maxOutputTokens: true,
  candidateCount: true,
  presencePenalty: true,
  frequencyPenalty: true,
  seed: true,
  mediaResolution: true,
  speechConfig: {
    voiceConfig: { prebuiltVoiceConfig: { voiceName: true }, replicatedVoiceConfig: true, voice: true },
    languageCode: true,
    multiSpeakerVoiceConfig: true,
  },
  thinkingConfig: { thinkingBudget: true, thinkingLevel: true, includeThoughts: true },
  enableAffectiveDialog: true,
  translationConfig: { targetLanguageCode: true, echoTargetLanguage: true },
};

/**
 * Enterprise-only extras the SDK can emit (avatarConfig, labels, explicitVadSignal) are unknown here
 * on purpose: the Developer API is the surface we emulate.
 */
export const SETUP_SCHEMA: SetupSchema = {
  model: true,
  generationConfig: GENERATION_CONFIG_SCHEMA,
  systemInstruction: { parts: true, role: true },
  tools: true,
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
    interimTranscriptTimestampEnabled: true,
  },
  sessionResumption: { handle: true, transparent: true },
  contextWindowCompression: { triggerTokens: true, slidingWindow: { targetTokens: true } },
  inputAudioTranscription: TRANSCRIPTION,
  outputAudioTranscription: TRANSCRIPTION,
  proactivity: { proactiveAudio: true },
  historyConfig: { initialHistoryInClientContent: true },
  safetySettings: true,
};

export const SETUP_FIELDS: ReadonlySet<string> = new Set(Object.keys(SETUP_SCHEMA));
export const GENERATION_CONFIG_FIELDS: ReadonlySet<string> = new Set(Object.keys(GENERATION_CONFIG_SCHEMA));

/** The schema for a known field, or undefined (own properties only: `constructor` is not a field). */
export function fieldRule(schema: SetupSchema, name: string): SetupSchema | true | undefined {
  return Object.hasOwn(schema, name) ? schema[name] : undefined;
}

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Where a setup first breaks the table: field names and paths in wire (camelCase) form. */
export type SchemaProblem =
  | { readonly kind: 'unknown-field'; readonly name: string; readonly parent: readonly string[] }
  | { readonly kind: 'not-object'; readonly path: readonly string[] };

/**
 * The first field, depth first in key order, that `schema` does not know, or that holds a non-object
 * where the table has sub-fields. Each caller words the problem its own way (REST error, Live close).
 */
export function findSchemaProblem(
  value: JsonObject,
  schema: SetupSchema,
  parent: readonly string[] = [],
): SchemaProblem | undefined {
  for (const [name, child] of Object.entries(value)) {
    const rule = fieldRule(schema, name);
    if (rule === undefined) return { kind: 'unknown-field', name, parent };
    if (rule === true || child === undefined) continue;
    const path = [...parent, name];
    if (!isObject(child)) return { kind: 'not-object', path };
    const problem = findSchemaProblem(child, rule, path);
    if (problem) return problem;
  }
  return undefined;
}
