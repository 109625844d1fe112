// Pure: talk's options → the `setup` message (https://ai.google.dev/api/live). Resumption is always requested
// so a goAway can be survived; a token's locked fields override these on the server.

import { modelResource, type Modality } from '../../model.js';
import type { SetupMessage } from './wire-types.js';
import { definedProps } from '../../defined-props.js';

export interface SessionSetupOptions {
  /** Model id, with or without the `models/` prefix. */
  readonly model: string;
  readonly modality: Modality;
  readonly voice?: string;
  readonly systemInstruction?: string;
  readonly temperature?: number;
  readonly transcription: boolean;
  readonly compress: boolean;
  readonly pushToTalk: boolean;
  /** --tools, already in wire form (function declarations and other tools). */
  readonly tools?: readonly unknown[];
}

export function buildSetupMessage(options: SessionSetupOptions, handle?: string): SetupMessage {
  const audio = options.modality === 'audio';
  const generationConfig = {
    responseModalities: [audio ? 'AUDIO' : 'TEXT'] as const,
    ...definedProps({ temperature: options.temperature }),
    ...(audio && options.voice
      ? { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: options.voice } } } }
      : {}),
  };
  return {
    model: modelResource(options.model),
    generationConfig,
    ...(options.systemInstruction
      ? { systemInstruction: { parts: [{ text: options.systemInstruction }], role: 'user' } }
      : {}),
    ...(options.tools && options.tools.length > 0 ? { tools: options.tools } : {}),
    ...(options.pushToTalk ? { realtimeInputConfig: { automaticActivityDetection: { disabled: true } } } : {}),
    sessionResumption: handle ? { handle } : {},
    // Without compression an audio session is capped at 15 minutes
    // (https://ai.google.dev/gemini-api/docs/live-session).
    ...(options.compress ? { contextWindowCompression: { slidingWindow: {} } } : {}),
    ...(options.transcription ? { inputAudioTranscription: {} } : {}),
    // Output transcription describes spoken replies; with TEXT replies there is nothing to transcribe.
    ...(options.transcription && audio ? { outputAudioTranscription: {} } : {}),
  };
}
