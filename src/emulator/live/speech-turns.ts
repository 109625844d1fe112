// Where audio user turns begin and end: the energy VAD when automatic activity detection is on,
// activityStart/activityEnd when it is off (mixing the two closes 1007, as the API reference says).

import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import type { Conversation } from './conversations.js';
import type { SessionConfig } from './session-config.js';
import { EnergyVad, type VadEvent } from './vad.js';

export interface SpeechTurnsDeps {
  readonly config: SessionConfig;
  readonly conversation: Conversation;
  /** The user started speaking: a barge-in. */
  readonly onSpeechStart: () => void;
  readonly onTurnEnd: (speechMs: number) => void;
}

export class SpeechTurns {
  #manualSamples: number | undefined;
  #manualRate = 16_000;

  constructor(private readonly deps: SpeechTurnsDeps) {}

  audio(pcm: Buffer, sampleRate: number): void {
    if (!this.deps.config.automaticActivityDetection) {
      if (this.#manualSamples !== undefined) {
        this.#manualSamples += Math.floor(pcm.length / 2);
        this.#manualRate = sampleRate;
      }
      return;
    }
    const conversation = this.deps.conversation;
    const { silenceMs, vadThreshold } = this.deps.config;
    let vad = conversation.vad;
    if (!vad || vad.options.sampleRate !== sampleRate || vad.options.silenceMs !== silenceMs) {
      vad = conversation.vad = new EnergyVad({ sampleRate, silenceMs, threshold: vadThreshold });
    }
    for (const event of vad.push(pcm)) this.#onVad(event);
  }

  audioStreamEnd(): void {
    const event = this.deps.conversation.vad?.flush();
    if (event) this.#onVad(event);
  }

  activityStart(): CloseSpec | undefined {
    if (this.deps.config.automaticActivityDetection)
      return { code: CloseCode.invalidPayload, reason: Reason.activityWithAutoVad };
    this.deps.onSpeechStart();
    this.#manualSamples = 0;
    return undefined;
  }

  activityEnd(): CloseSpec | undefined {
    if (this.deps.config.automaticActivityDetection)
      return { code: CloseCode.invalidPayload, reason: Reason.activityWithAutoVad };
    if (this.#manualSamples === undefined) return undefined;
    const speechMs = Math.round((this.#manualSamples * 1000) / this.#manualRate);
    this.#manualSamples = undefined;
    this.deps.onTurnEnd(speechMs);
    return undefined;
  }

  #onVad(event: VadEvent): void {
    if (event.type === 'speechStart') this.deps.onSpeechStart();
    else this.deps.onTurnEnd(event.speechMs);
  }
}
