// The Live models the emulator knows (https://ai.google.dev/gemini-api/docs/models) and what each can answer in. A
// model the catalogue does not know (`--model NAME`) is still served; where its capabilities are unknown
// the emulator accepts and logs a warning instead of inventing a refusal (docs/emulator.md).

import { isObject, type JsonObject } from './json.js';
import { CloseCode, Reason, modalitiesUnsupportedReason, type CloseSpec } from './live/close-codes.js';

export interface LiveModel {
  readonly id: string;
  /**
   * Audio-only models close a setup that asks for TEXT, with the reason the real service sent.
   * Absent: whether the model answers in TEXT is unknown, so TEXT is accepted with a warning.
   */
  readonly audioOnly?: { readonly reason: (modalities: readonly string[]) => string; readonly source: string };
}

const CANNOT_EXTRACT_VOICES = {
  reason: () => Reason.nonAudioRequest,
  source:
    'AUDIO responses only (model page; js-genai API test); close text from github.com/livekit/livekit/issues/4103',
};
const NATIVE_AUDIO = {
  reason: () => Reason.nonAudioRequest,
  source: 'native-audio models closed 1007 on TEXT (github.com/livekit/livekit/issues/4103)',
};

export const MODEL_CATALOGUE: readonly LiveModel[] = [
  { id: 'gemini-3.8-live', audioOnly: CANNOT_EXTRACT_VOICES },
  // A high-reasoning variant of 3.8 Live; no source says what it answers in.
  { id: 'gemini-3.8-live-extended-thinking' },
  {
    id: 'gemini-3.1-flash-live-preview',
    audioOnly: {
      reason: modalitiesUnsupportedReason,
      source: 'TEXT refused at connect with this reason (third-party report, Sep 2026)',
    },
  },
  { id: 'gemini-3.5-live-translate-preview' },
  { id: 'gemini-2.5-flash-native-audio-preview-09-2025', audioOnly: NATIVE_AUDIO },
  { id: 'gemini-2.5-flash-native-audio-preview-12-2025', audioOnly: NATIVE_AUDIO },
  { id: 'gemini-2.5-flash-native-audio-latest', audioOnly: NATIVE_AUDIO },
];

export function findModel(id: string): LiveModel | undefined {
  return MODEL_CATALOGUE.find((model) => model.id === id);
}

/** What a setup's response modalities meet on its model: a close, a warning to log, or nothing. */
export type ModalityVerdict = { readonly close: CloseSpec } | { readonly warning: string } | undefined;

/** `effective` is the merged setup after the token's lock; its model has already been checked. */
export function checkModality(effective: JsonObject): ModalityVerdict {
  const generation = isObject(effective.generationConfig) ? effective.generationConfig : {};
  const asked = Array.isArray(generation.responseModalities) ? generation.responseModalities.map(String) : [];
  // No modality means AUDIO on the Gemini API, which every Live model serves.
  if (!asked.includes('TEXT')) return undefined;
  const id = String(effective.model).replace(/^models\//, '');
  const model = findModel(id);
  if (model?.audioOnly) return { close: { code: CloseCode.invalidPayload, reason: model.audioOnly.reason(asked) } };
  return { warning: `model ${id}: whether it answers in TEXT is unknown; accepted` };
}
