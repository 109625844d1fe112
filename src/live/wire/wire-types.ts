// The subset of the Live API wire protocol that `talk` speaks (https://ai.google.dev/api/live). Keys are
// camelCase JSON exactly as they travel; we build these ourselves instead of going through the
// SDK's LiveConnectConfig mapping so one module owns the wire shape and tests can pin it.

export interface Content {
  readonly role?: string;
  readonly parts: readonly { readonly text: string }[];
}

export interface SetupMessage {
  readonly model: string;
  readonly generationConfig?: {
    readonly responseModalities?: readonly ('AUDIO' | 'TEXT')[];
    readonly temperature?: number;
    readonly speechConfig?: { readonly voiceConfig: { readonly prebuiltVoiceConfig: { readonly voiceName: string } } };
  };
  readonly systemInstruction?: Content;
  readonly realtimeInputConfig?: { readonly automaticActivityDetection: { readonly disabled: boolean } };
  readonly sessionResumption: { readonly handle?: string };
  readonly contextWindowCompression?: { readonly slidingWindow: Record<string, never> };
  // Top-level setup fields: inside generationConfig they are fatal.
  readonly inputAudioTranscription?: Record<string, never>;
  readonly outputAudioTranscription?: Record<string, never>;
  /** Wire-form tools (src/token/config/tools.ts maps the SDK form). */
  readonly tools?: readonly unknown[];
}

import type { VideoMime } from '../../vision/ports.js';

export type { VideoMime };

export type RealtimeInput =
  | { readonly audio: { readonly data: string; readonly mimeType: string } }
  | { readonly video: { readonly data: string; readonly mimeType: VideoMime } }
  | { readonly text: string }
  | { readonly audioStreamEnd: true }
  | { readonly activityStart: Record<string, never> }
  | { readonly activityEnd: Record<string, never> };

/** One function call of a toolCall; `args` is always an object (absent args are {}). */
export interface FunctionCall {
  readonly id: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** How a NON_BLOCKING function's result is delivered to the model (https://ai.google.dev/api/live). */
export const SCHEDULINGS = ['INTERRUPT', 'WHEN_IDLE', 'SILENT'] as const;
export type Scheduling = (typeof SCHEDULINGS)[number];

export interface FunctionResponse {
  readonly id: string;
  readonly name: string;
  readonly response: Readonly<Record<string, unknown>>;
  readonly scheduling?: Scheduling;
}

export interface ToolResponse {
  readonly toolResponse: { readonly functionResponses: readonly FunctionResponse[] };
}

/** What the session sends after setup: realtime input, or the answer to a toolCall. */
export type Outgoing = RealtimeInput | ToolResponse;

/** What one server frame means to `talk`, flattened: a frame may carry several of these. */
export type ServerEvent =
  | { readonly type: 'setupComplete' }
  | { readonly type: 'audio'; readonly pcm: Buffer; readonly mimeType: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'inputTranscription'; readonly text: string }
  | { readonly type: 'outputTranscription'; readonly text: string }
  | { readonly type: 'interrupted' }
  | { readonly type: 'generationComplete' }
  | { readonly type: 'turnComplete' }
  | { readonly type: 'goAway'; readonly timeLeftMs: number | undefined }
  | { readonly type: 'resumptionUpdate'; readonly handle: string | undefined; readonly resumable: boolean }
  | { readonly type: 'usage'; readonly totalTokens: number | undefined }
  | { readonly type: 'toolCall'; readonly calls: readonly FunctionCall[] }
  | { readonly type: 'toolCallCancellation'; readonly ids: readonly string[] };
