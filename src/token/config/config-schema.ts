// The known nested keys of a LiveConnectConfig, as a table. The SDK copies most nested objects to the
// wire untouched (or drops unknown keys silently), so a typo deep inside --config would otherwise mint
// a token that locks less than the user meant. Key names: @google/genai 2.32 genai.d.ts; the
// generationConfig keys are the ones Live accepts (https://ai.google.dev/api/live).

import { UsageError } from '../../errors.js';
import { choicesNote } from '../../suggest.js';
import { PART_KEYS } from './content.js';
import { isJsonObject, type Json } from './json.js';

/** 'any': not inspected. 'content': string | Part | Part[] | Content (the SDK's tContent). The rest are
 *  JSON types: the SDK copies a wrong one to the wire, and the server's refusal names no key. */
type Scalar = 'number' | 'integer' | 'string' | 'boolean' | 'strings';
type Rule = 'any' | 'content' | Scalar | ListOf | Fields;
const SCALARS: Readonly<Record<Scalar, { readonly test: (value: Json) => boolean; readonly name: string }>> = {
  number: { test: (v) => typeof v === 'number', name: 'a number' },
  integer: { test: (v) => Number.isInteger(v), name: 'an integer' },
  string: { test: (v) => typeof v === 'string', name: 'a string' },
  boolean: { test: (v) => typeof v === 'boolean', name: 'true or false' },
  strings: {
    test: (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
    name: 'an array of strings',
  },
};
interface Fields {
  readonly [key: string]: Rule;
}
/** An array whose entries are objects with these keys. */
class ListOf {
  constructor(readonly item: Fields) {}
}

const VOICE: Fields = { prebuiltVoiceConfig: { voiceName: 'string' }, replicatedVoiceConfig: 'any', voice: 'any' };
// multiSpeakerVoiceConfig is a known name so that constraints-setup.ts refuses it with its own reason (as the SDK does).
const SPEECH: Fields = { voiceConfig: VOICE, languageCode: 'string', multiSpeakerVoiceConfig: 'any' };
const THINKING: Fields = { thinkingBudget: 'any', thinkingLevel: 'any', includeThoughts: 'any' };
const TRANSLATION: Fields = { targetLanguageCode: 'any', echoTargetLanguage: 'any' };
const TRANSCRIPTION: Fields = {
  languageCodes: 'any',
  languageAuto: {},
  languageHints: { languageCodes: 'any' },
  customVocabulary: 'any',
  adaptationPhrases: 'any',
  wordTimestamp: 'any',
  diarization: 'any',
  mode: 'any',
};

const GENERATION: Fields = {
  responseModalities: 'strings',
  temperature: 'number',
  topP: 'number',
  topK: 'number',
  maxOutputTokens: 'integer',
  candidateCount: 'integer',
  presencePenalty: 'number',
  frequencyPenalty: 'number',
  seed: 'integer',
  mediaResolution: 'string',
  speechConfig: SPEECH,
  thinkingConfig: THINKING,
  enableAffectiveDialog: 'boolean',
  translationConfig: TRANSLATION,
};

const PART: Fields = Object.fromEntries(PART_KEYS.map((key) => [key, 'any']));
const CONTENT: Fields = { parts: 'any', role: 'any' };
// Tool entries are checked one level deep only: their inner shapes (function declarations with JSON
// Schemas, search options) are large and already mapped key by key in tools.ts.
export const TOOL_FIELDS: readonly string[] = [
  'retrieval',
  'googleMaps',
  'mcpServers',
  'codeExecution',
  'computerUse',
  'enterpriseWebSearch',
  'exaAiSearch',
  'functionDeclarations',
  'googleSearch',
  'googleSearchRetrieval',
  'parallelAiSearch',
  'urlContext',
  'fileSearch',
];
const TOOL: Fields = Object.fromEntries(TOOL_FIELDS.map((key) => [key, 'any']));

/** Nested shapes of the top-level keys; top-level names themselves are checked by live-config.ts. */
export const CONFIG_SCHEMA: Fields = {
  generationConfig: GENERATION,
  responseModalities: 'strings',
  temperature: 'number',
  topP: 'number',
  topK: 'number',
  maxOutputTokens: 'integer',
  mediaResolution: 'string',
  seed: 'integer',
  speechConfig: SPEECH,
  thinkingConfig: THINKING,
  enableAffectiveDialog: 'boolean',
  systemInstruction: 'content',
  tools: new ListOf(TOOL),
  // transparent is a known name: constraints-setup.ts refuses it as Vertex-only, as the SDK does.
  sessionResumption: { handle: 'any', transparent: 'any' },
  inputAudioTranscription: TRANSCRIPTION,
  outputAudioTranscription: TRANSCRIPTION,
  realtimeInputConfig: {
    automaticActivityDetection: {
      disabled: 'any',
      startOfSpeechSensitivity: 'any',
      endOfSpeechSensitivity: 'any',
      prefixPaddingMs: 'any',
      silenceDurationMs: 'any',
    },
    activityHandling: 'any',
    turnCoverage: 'any',
    interimTranscriptTimestampEnabled: 'any',
  },
  contextWindowCompression: { triggerTokens: 'any', slidingWindow: { targetTokens: 'any' } },
  proactivity: { proactiveAudio: 'any' },
  avatarConfig: { avatarName: 'any', customizedAvatar: 'any', audioBitrateBps: 'any', videoBitrateBps: 'any' },
  translationConfig: TRANSLATION,
  safetySettings: new ListOf({ category: 'any', method: 'any', threshold: 'any' }),
  labels: 'any',
};

/** Throws a UsageError naming the full path of the first unknown nested key (or wrong kind of value). */
export function checkConfigShape(config: Readonly<Record<string, Json>>, source: string): void {
  for (const [key, value] of Object.entries(config)) {
    const rule = Object.hasOwn(CONFIG_SCHEMA, key) ? CONFIG_SCHEMA[key] : undefined;
    if (rule !== undefined) check(value, rule, key, source);
  }
}

function check(value: Json, rule: Rule, path: string, source: string): void {
  if (value === null || rule === 'any') return; // null is "not set" for the SDK
  if (rule === 'content') return checkContent(value, path, source);
  if (typeof rule === 'string') {
    const scalar = SCALARS[rule];
    if (!scalar.test(value)) throw new UsageError(`${source}: "${path}" must be ${scalar.name} (got ${kindOf(value)})`);
    return;
  }
  if (rule instanceof ListOf) {
    if (!Array.isArray(value)) throw new UsageError(`${source}: "${path}" must be an array`);
    value.forEach((item, i) => check(item, rule.item, `${path}[${i}]`, source));
    return;
  }
  if (!isJsonObject(value)) throw new UsageError(`${source}: "${path}" must be an object`);
  for (const [key, child] of Object.entries(value)) {
    const sub = Object.hasOwn(rule, key) ? rule[key] : undefined;
    if (sub === undefined) {
      const allowed = Object.keys(rule);
      throw new UsageError(
        `${source}: unknown key "${path}.${key}" (${allowed.length > 0 ? choicesNote(key, allowed, 'allowed') : 'allowed: none, it takes {}'})`,
      );
    }
    check(child, sub, `${path}.${key}`, source);
  }
}

// The SDK's tContent: a string, a Part, a list of strings/Parts, or a Content {parts, role}.
function checkContent(value: Json, path: string, source: string): void {
  if (typeof value === 'string') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkContent(item, `${path}[${i}]`, source));
    return;
  }
  if (!isJsonObject(value)) throw new UsageError(`${source}: "${path}" must be text or a Content object`);
  if (!('parts' in value) && !('role' in value)) return check(value, PART, path, source);
  check(value, CONTENT, path, source);
  const parts = value.parts;
  if (parts === undefined || parts === null) return;
  if (!Array.isArray(parts)) throw new UsageError(`${source}: "${path}.parts" must be an array of parts`);
  parts.forEach((part, i) => check(part, PART, `${path}.parts[${i}]`, source));
}

function kindOf(value: Json): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' && !Number.isInteger(value) ? 'a fractional number' : `a ${typeof value}`;
}
