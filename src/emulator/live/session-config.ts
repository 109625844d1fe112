// What a session needs to know from its effective setup, read once after setup.

import { isObject, type JsonObject } from '../json.js';
import { declaredFunctions, type DeclaredFunction } from './tool-match.js';
import { VAD_THRESHOLD } from './vad.js';

export interface SessionConfig {
  readonly model: string;
  readonly modality: 'AUDIO' | 'TEXT';
  readonly inputTranscription: boolean;
  readonly outputTranscription: boolean;
  readonly resumption: boolean;
  readonly automaticActivityDetection: boolean;
  readonly silenceMs: number;
  readonly vadThreshold: number;
  readonly interrupts: boolean;
  /** Functions the model may call (setup.tools[].functionDeclarations), by name. */
  readonly functions: ReadonlyMap<string, DeclaredFunction>;
}

export const DEFAULT_SILENCE_MS = 500;

function object(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function sessionConfig(effective: JsonObject, clientAskedResumption: boolean): SessionConfig {
  const generation = object(effective.generationConfig);
  const realtime = object(effective.realtimeInputConfig);
  const detection = object(realtime.automaticActivityDetection);
  const modalities = Array.isArray(generation.responseModalities) ? generation.responseModalities : [];
  const model = String(effective.model);
  return {
    model: model.startsWith('models/') ? model : `models/${model}`,
    // The Gemini API answers in AUDIO when no modality is given (@google/genai's LiveConnectConfig says so).
    modality: modalities.includes('TEXT') && !modalities.includes('AUDIO') ? 'TEXT' : 'AUDIO',
    inputTranscription: isObject(effective.inputAudioTranscription),
    outputTranscription: isObject(effective.outputAudioTranscription),
    resumption: isObject(effective.sessionResumption) || clientAskedResumption,
    automaticActivityDetection: detection.disabled !== true,
    silenceMs: typeof detection.silenceDurationMs === 'number' ? detection.silenceDurationMs : DEFAULT_SILENCE_MS,
    vadThreshold:
      detection.startOfSpeechSensitivity === 'START_SENSITIVITY_LOW' ? VAD_THRESHOLD.low : VAD_THRESHOLD.high,
    interrupts: realtime.activityHandling !== 'NO_INTERRUPTION',
    functions: declaredFunctions(effective),
  };
}
