// The LiveConnectConfig keys `--config` accepts (the SDK's camelCase names) and where each lands in
// the wire setup. A typo must never mint a looser token, so unknown keys are refused by name. These
// are the client's lists (what the SDK sends); the emulator keeps its own table of what the service
// takes (src/emulator/rest/live-connect-mapping.ts) on purpose, so neither can copy the other's mistake.

import { UsageError } from '../../errors.js';
import { choicesNote } from '../../suggest.js';
import { checkConfigShape } from './config-schema.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';

/** Keys the SDK's liveConnectConfigToMldev moves into setup.generationConfig, in its order. */
export const GENERATION_KEYS = [
  'responseModalities',
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'mediaResolution',
  'seed',
  'speechConfig',
  'thinkingConfig',
  'enableAffectiveDialog',
] as const;

/** Keys that land at the top level of the setup under the same name, in the SDK's order. */
export const SETUP_KEYS = [
  'systemInstruction',
  'tools',
  'sessionResumption',
  'inputAudioTranscription',
  'outputAudioTranscription',
  'realtimeInputConfig',
  'contextWindowCompression',
  'proactivity',
  'avatarConfig',
  'safetySettings',
] as const;

export const ALLOWED_CONFIG_KEYS: readonly string[] = [
  'generationConfig',
  ...GENERATION_KEYS,
  ...SETUP_KEYS,
  'translationConfig',
  'labels',
];

const REFUSED: Readonly<Record<string, string>> = {
  model: 'the model is not part of the config: use --model',
  httpOptions: 'httpOptions is a client option, not part of the session setup',
  abortSignal: 'abortSignal is a client option, not part of the session setup',
  explicitVadSignal: 'explicitVadSignal is only supported by Vertex AI, not by the Gemini Developer API',
};

export type LiveConnectConfig = JsonObject;

/** Checks the keys of a LiveConnectConfig, nested ones included (config-schema.ts); returns it unchanged. */
export function validateLiveConnectConfig(value: Json, source: string): LiveConnectConfig {
  if (!isJsonObject(value)) throw new UsageError(`${source} must be a JSON object (a LiveConnectConfig)`);
  for (const key of Object.keys(value)) {
    // Own keys only: REFUSED['__proto__'] would be Object.prototype and print "[object Object]".
    const refused = Object.hasOwn(REFUSED, key) ? REFUSED[key] : undefined;
    if (refused) throw new UsageError(`${source}: ${refused}`);
  }
  const unknown = Object.keys(value).filter((key) => !ALLOWED_CONFIG_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `${source} has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`,
      choicesNote(unknown, ALLOWED_CONFIG_KEYS, 'allowed'),
    );
  }
  checkConfigShape(value, source);
  return value;
}
