// Our wire `setup` → the SDK's live.connect parameters. The SDK maps LiveConnectConfig back onto the
// same wire fields, so this is the inverse of that table; a component test pins
// that the setup the SDK puts on the socket equals buildSetupMessage()'s. Type-only import: the SDK itself
// is loaded by sdk-transport.ts alone.

import type { LiveConnectConfig, Modality, Tool } from '@google/genai';
import type { SetupMessage } from '../wire/wire-types.js';

export interface SdkConnectParams {
  readonly model: string;
  readonly config: LiveConnectConfig;
}

export function toSdkConnectParams(setup: SetupMessage): SdkConnectParams {
  const generation = setup.generationConfig ?? {};
  const config: LiveConnectConfig = {
    // Flat keys, not generationConfig: the SDK warns (console) when generationConfig is set.
    ...(generation.responseModalities ? { responseModalities: [...generation.responseModalities] as Modality[] } : {}),
    ...(generation.temperature !== undefined ? { temperature: generation.temperature } : {}),
    ...(generation.speechConfig ? { speechConfig: generation.speechConfig } : {}),
    ...(setup.systemInstruction
      ? { systemInstruction: { role: setup.systemInstruction.role, parts: [...setup.systemInstruction.parts] } }
      : {}),
    // Already in wire form (tools.ts); the SDK's own mapping passes it through unchanged (pinned by a test).
    ...(setup.tools ? { tools: setup.tools as Tool[] } : {}),
    ...(setup.realtimeInputConfig ? { realtimeInputConfig: setup.realtimeInputConfig } : {}),
    sessionResumption: { ...setup.sessionResumption },
    ...(setup.contextWindowCompression ? { contextWindowCompression: setup.contextWindowCompression } : {}),
    ...(setup.inputAudioTranscription ? { inputAudioTranscription: {} } : {}),
    ...(setup.outputAudioTranscription ? { outputAudioTranscription: {} } : {}),
  };
  return { model: setup.model, config };
}
