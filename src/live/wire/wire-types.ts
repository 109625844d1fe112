// The subset of the Live API wire protocol that `talk` speaks (protocol.md §2.3–2.6). Keys are
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
  // Top-level setup fields: inside generationConfig they are fatal (protocol.md §2.4).
  readonly inputAudioTranscription?: Record<string, never>;
  readonly outputAudioTranscription?: Record<string, never>;
}

export type RealtimeInput =
  | { readonly audio: { readonly data: string; readonly mimeType: string } }
  | { readonly text: string }
  | { readonly audioStreamEnd: true }
  | { readonly activityStart: Record<string, never> }
  | { readonly activityEnd: Record<string, never> };

export type ClientMessage = { readonly setup: SetupMessage } | { readonly realtimeInput: RealtimeInput };

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
  | { readonly type: 'toolCall'; readonly names: readonly string[] };
