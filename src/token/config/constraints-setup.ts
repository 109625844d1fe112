// liveConnectConstraints {model, config} → bidiGenerateContentSetup, the same mapping the SDK uses for
// live.connect and authTokens.create (@google/genai), key order included: the field mask is
// derived from this object's key order, and the differential test compares with the SDK's output.

import { UsageError } from '../../errors.js';
import { toWireContent } from './content.js';
import { GENERATION_KEYS, SETUP_KEYS, type LiveConnectConfig } from './live-config.js';
import { toWireTools } from './tools.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';

/** Returns the setup, or undefined when nothing would be set (the SDK then sends no setup at all). */
export function setupFromConstraints(
  model: string | undefined,
  config: LiveConnectConfig | undefined,
): JsonObject | undefined {
  const setup: JsonObject = {};
  if (model !== undefined) setup.model = model;
  // structuredClone: the SDK-style merge mutates the generationConfig object it was given.
  if (config) mapConfig(structuredClone(config), setup);
  return Object.keys(setup).length > 0 ? setup : undefined;
}

function mapConfig(config: LiveConnectConfig, setup: JsonObject): void {
  const root = { setup };
  if (config.generationConfig != null) setPath(root, ['setup', 'generationConfig'], config.generationConfig);
  for (const key of GENERATION_KEYS) {
    const value = config[key];
    if (value == null) continue;
    if (key === 'speechConfig' && isJsonObject(value) && 'multiSpeakerVoiceConfig' in value) {
      throw new UsageError('speechConfig.multiSpeakerVoiceConfig is not supported by the Live API');
    }
    setPath(root, ['setup', 'generationConfig', key], value);
  }
  for (const key of SETUP_KEYS) {
    const value = config[key];
    if (value == null) continue;
    if (key === 'systemInstruction') setup[key] = toWireContent(value);
    else if (key === 'tools') setup[key] = toWireTools(value);
    else if (key === 'sessionResumption') setup[key] = sessionResumption(value);
    else if (key === 'safetySettings' && Array.isArray(value)) setup[key] = value.map(safetySetting);
    else setup[key] = value;
  }
  if (config.translationConfig != null)
    setPath(root, ['setup', 'generationConfig', 'translationConfig'], config.translationConfig);
  if (config.labels != null) setup.labels = config.labels;
}

function sessionResumption(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new UsageError('sessionResumption must be an object');
  if (value.transparent !== undefined) {
    throw new UsageError(
      'sessionResumption.transparent is only supported by Vertex AI, not by the Gemini Developer API',
    );
  }
  return value.handle != null ? { handle: value.handle } : {};
}

function safetySetting(value: unknown): JsonObject {
  if (!isJsonObject(value)) return {};
  if (value.method !== undefined) throw new UsageError('safetySettings.method is only supported by Vertex AI');
  const out: JsonObject = {};
  if (value.category != null) out.category = value.category;
  if (value.threshold != null) out.threshold = value.threshold;
  return out;
}

// The SDK's setValueByPath (object paths only), reproduced because the differential test holds us to
// its exact results: an existing key is kept when the new value is falsy or `{}`, objects merge with
// Object.assign, and any other overwrite is a conflict. The SDK throws on that conflict (e.g.
// `generationConfig.temperature` and a flat `temperature` that differ); we turn it into a usage error.
export function setPath(target: JsonObject, keys: readonly string[], value: Json): void {
  let data = target;
  for (const key of keys.slice(0, -1)) {
    const next = data[key];
    if (!isJsonObject(next)) data[key] = {};
    data = data[key] as JsonObject;
  }
  const last = keys[keys.length - 1]!;
  const existing = data[last];
  if (existing === undefined) {
    data[last] = value;
    return;
  }
  if (!value || (typeof value === 'object' && Object.keys(value).length === 0)) return;
  if (value === existing) return;
  if (typeof existing === 'object' && existing !== null && typeof value === 'object') {
    Object.assign(existing, value);
    return;
  }
  throw new UsageError(
    `--config sets ${keys.slice(1).join('.')} twice with different values`,
    'put it in one place only (the flat key, not generationConfig)',
  );
}
