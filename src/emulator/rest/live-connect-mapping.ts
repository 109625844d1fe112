// `liveConnectConstraints` ({model, config: LiveConnectConfig}) → wire BidiGenerateContentSetup,
// mirroring what @google/genai does client-side. The 2026 REST docs send this
// SDK-level shape; the API reference and SDKs send `bidiGenerateContentSetup`; we accept both.
// Written here independently of the client's own mapping (src/token/config/constraints-setup.ts) so a
// bug cannot be mirrored on both sides.

import { invalidField, unknownField } from './rpc-status.js';
import { isObject, type JsonObject } from '../json.js';

/**
 * Where the service puts each flat LiveConnectConfig key of a token's liveConnectConstraints: under
 * setup.generationConfig, or at the top of setup by the same name (a whole generationConfig and
 * systemInstruction are read on their own below). Any other key is refused by name.
 *
 * Not the client's lists (src/token/config/live-config.ts), on purpose: those say what `--config`
 * lets a user send, in the SDK's key order, and take keys the SDK can emit that the emulator's setup
 * schema does not know (avatarConfig, labels); this table is what the emulator, standing in for the
 * service, takes from any caller. A key wrongly added to one side is then caught by the other.
 */
const SERVICE_PLACES: Readonly<Record<string, 'generationConfig' | 'setup'>> = {
  responseModalities: 'generationConfig',
  temperature: 'generationConfig',
  topP: 'generationConfig',
  topK: 'generationConfig',
  maxOutputTokens: 'generationConfig',
  mediaResolution: 'generationConfig',
  seed: 'generationConfig',
  speechConfig: 'generationConfig',
  thinkingConfig: 'generationConfig',
  enableAffectiveDialog: 'generationConfig',
  translationConfig: 'generationConfig',
  tools: 'setup',
  sessionResumption: 'setup',
  inputAudioTranscription: 'setup',
  outputAudioTranscription: 'setup',
  realtimeInputConfig: 'setup',
  contextWindowCompression: 'setup',
  proactivity: 'setup',
  safetySettings: 'setup',
};
const placedIn = (place: 'generationConfig' | 'setup'): readonly string[] =>
  Object.keys(SERVICE_PLACES).filter((key) => SERVICE_PLACES[key] === place);
const TO_GENERATION_CONFIG = placedIn('generationConfig');
const TO_SETUP = placedIn('setup');

const KNOWN_CONFIG_KEYS: ReadonlySet<string> = new Set<string>([
  'generationConfig',
  'systemInstruction',
  ...Object.keys(SERVICE_PLACES),
]);
const AT = 'auth_token.live_connect_constraints';

/** The SDK's tModel: adds `models/` unless already qualified; refuses path tricks. */
export function qualifyModel(model: unknown): string {
  if (typeof model !== 'string' || model === '') {
    throw invalidField('liveConnectConstraints.model', 'liveConnectConstraints.model must be a non-empty string.');
  }
  if (model.includes('..') || model.includes('?') || model.includes('&')) {
    throw invalidField('liveConnectConstraints.model', `invalid model parameter: ${JSON.stringify(model)}`);
  }
  return model.startsWith('models/') || model.startsWith('tunedModels/') ? model : `models/${model}`;
}

/** The SDK's tContent: a string or Part (or list of them) becomes a user Content. */
function toContent(value: unknown): JsonObject {
  if (isObject(value) && Array.isArray(value.parts)) return value;
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0)
    throw invalidField('liveConnectConstraints.config.systemInstruction', 'systemInstruction must not be empty.');
  const parts = items.map((item) => {
    if (typeof item === 'string') return { text: item };
    if (isObject(item)) return item;
    throw invalidField(
      'liveConnectConstraints.config.systemInstruction',
      'systemInstruction must be text, a Part or a Content.',
    );
  });
  return { parts, role: 'user' };
}

export function liveConnectConstraintsToSetup(constraints: unknown): JsonObject {
  if (!isObject(constraints)) {
    throw invalidField('liveConnectConstraints', 'liveConnectConstraints must be a JSON object.');
  }
  for (const key of Object.keys(constraints)) if (key !== 'model' && key !== 'config') throw unknownField(key, AT);
  const setup: JsonObject = {};
  if (constraints.model !== undefined && constraints.model !== null) setup.model = qualifyModel(constraints.model);
  const config = constraints.config ?? {};
  if (!isObject(config))
    throw invalidField('liveConnectConstraints.config', 'liveConnectConstraints.config must be a JSON object.');
  for (const key of Object.keys(config)) if (!KNOWN_CONFIG_KEYS.has(key)) throw unknownField(key, `${AT}.config`);

  // SDK order: the deprecated whole generationConfig first, then flat keys overwrite its subkeys.
  let generationConfig: JsonObject | undefined;
  if (config.generationConfig != null) {
    if (!isObject(config.generationConfig)) {
      throw invalidField('liveConnectConstraints.config.generationConfig', 'generationConfig must be a JSON object.');
    }
    generationConfig = { ...config.generationConfig };
  }
  for (const key of TO_GENERATION_CONFIG) {
    if (config[key] != null) (generationConfig ??= {})[key] = config[key];
  }
  if (generationConfig) setup.generationConfig = generationConfig;
  if (config.systemInstruction != null) setup.systemInstruction = toContent(config.systemInstruction);
  for (const key of TO_SETUP) if (config[key] != null) setup[key] = config[key];
  return setup;
}
