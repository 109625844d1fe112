// Turn-taking for one connection: user turns from VAD (or activityStart/End when automatic
// detection is off), text and clientContent; one model turn at a time; barge-in interrupts it.

import type { EmulatorClock } from '../clock.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import { ModelTurn, type TurnOutcome, type TurnStats } from './model-turn.js';
import type { SessionStats } from './session-book.js';
import type { SessionConfig } from './session-config.js';
import { EnergyVad, type VadEvent } from './vad.js';
import { describeSpeech, replyToSpeech, replyToText } from './voice.js';

type Send = (message: Readonly<Record<string, unknown>>) => boolean | void;

export interface TurnEngineDeps {
  /** Paces model turns. */
  readonly clock: EmulatorClock;
  readonly config: SessionConfig;
  readonly conversation: Conversation;
  readonly registry: ConversationRegistry;
  readonly stats: SessionStats;
  readonly send: Send;
  /**
   * Asked as each model turn starts: true cuts that turn halfway and ends the session (onDrop, 1011),
   * for the `drop` and `internal` faults.
   */
  readonly cutTurn: () => boolean;
  readonly onDrop: () => void;
  /** A resumable point: the session may hand out a new resumption handle. */
  readonly onResumable: () => void;
  readonly fail: (error: unknown) => void;
}

type UserTurn = { readonly kind: 'speech'; readonly speechMs: number } | { readonly kind: 'text'; readonly text: string };

export class TurnEngine {
  #turn: ModelTurn | undefined;
  #pending: UserTurn | undefined;
  #manualSamples: number | undefined;
  #manualRate = 16_000;
  #promptTokens = 0;
  #promptModality = 'AUDIO';

  constructor(private readonly deps: TurnEngineDeps) {}

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
    if (this.deps.config.automaticActivityDetection) return { code: CloseCode.invalidPayload, reason: Reason.activityWithAutoVad };
    this.#bargeIn();
    this.#manualSamples = 0;
    return undefined;
  }

  activityEnd(): CloseSpec | undefined {
    if (this.deps.config.automaticActivityDetection) return { code: CloseCode.invalidPayload, reason: Reason.activityWithAutoVad };
    if (this.#manualSamples === undefined) return undefined;
    const speechMs = Math.round((this.#manualSamples * 1000) / this.#manualRate);
    this.#manualSamples = undefined;
    this.#userTurn({ kind: 'speech', speechMs });
    return undefined;
  }

  /** realtimeInput.text: real-time input, so it barges in like speech does. */
  text(text: string): void {
    this.#bargeIn();
    this.#userTurn({ kind: 'text', text });
  }

  /** clientContent: turns join the history; turnComplete asks for an answer and interrupts. */
  clientContent(texts: readonly string[], turnComplete: boolean): void {
    for (const text of texts) this.deps.registry.remember(this.deps.conversation, { role: 'user', text });
    if (!turnComplete) return;
    this.#turn?.stop('interrupted');
    this.#userTurn({ kind: 'text', text: texts.join(' ') });
  }

  dispose(): void {
    this.#pending = undefined;
    this.#turn?.stop('cancelled');
  }

  #onVad(event: VadEvent): void {
    if (event.type === 'speechStart') this.#bargeIn();
    else this.#userTurn({ kind: 'speech', speechMs: event.speechMs });
  }

  #bargeIn(): void {
    if (this.deps.config.interrupts) this.#turn?.stop('interrupted');
  }

  #userTurn(turn: UserTurn): void {
    if (this.#turn?.active) {
      // NO_INTERRUPTION: answer once the current turn is over (latest input wins).
      this.#pending = turn;
      return;
    }
    this.#startModelTurn(turn);
  }

  #startModelTurn(user: UserTurn): void {
    const { conversation, registry, stats, config, send } = this.deps;
    conversation.turns += 1;
    stats.turns += 1;
    if (user.kind === 'text') {
      conversation.textTurns += 1;
      stats.textTurns += 1;
    }
    const reply = user.kind === 'speech' ? replyToSpeech(conversation.turns, user.speechMs) : replyToText(conversation.turns, user.text);
    // 25 tokens per second of audio (protocol.md §2.7); roughly 4 characters per text token.
    this.#promptTokens = user.kind === 'speech' ? Math.ceil(user.speechMs / 40) : Math.ceil(user.text.length / 4);
    this.#promptModality = user.kind === 'speech' ? 'AUDIO' : 'TEXT';
    if (user.kind === 'speech') {
      registry.remember(conversation, { role: 'user', text: describeSpeech(user.speechMs) });
      if (config.inputTranscription) send({ serverContent: { inputTranscription: { text: describeSpeech(user.speechMs) } } });
    }
    registry.remember(conversation, { role: 'model', text: reply });
    const drop = this.deps.cutTurn();
    const turn: ModelTurn = new ModelTurn({
      clock: this.deps.clock,
      text: reply,
      modality: config.modality,
      outputTranscription: config.outputTranscription,
      send,
      done: (outcome, turnStats) => this.#onTurnDone(turn, outcome, turnStats),
      fail: this.deps.fail,
      dropHalfway: drop,
    });
    this.#turn = turn;
    turn.start();
  }

  #onTurnDone(turn: ModelTurn, outcome: TurnOutcome, turnStats: TurnStats): void {
    if (this.#turn === turn) this.#turn = undefined;
    const { conversation, stats, send } = this.deps;
    conversation.outputAudioBytes += turnStats.audioBytesSent;
    if (outcome === 'dropped') return this.deps.onDrop();
    if (outcome === 'cancelled') return;
    if (outcome === 'interrupted') {
      conversation.interrupted += 1;
      stats.interrupted += 1;
      send({ serverContent: { interrupted: true } });
    } else {
      send({ serverContent: { generationComplete: true } });
    }
    send({ serverContent: { turnComplete: true }, usageMetadata: this.#usage(turnStats.stepsSent) });
    this.deps.onResumable();
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) this.#startModelTurn(pending);
  }

  #usage(responseTokens: number): Record<string, unknown> {
    const modality = this.deps.config.modality;
    return {
      promptTokenCount: this.#promptTokens,
      responseTokenCount: responseTokens,
      totalTokenCount: this.#promptTokens + responseTokens,
      promptTokensDetails: [{ modality: this.#promptModality, tokenCount: this.#promptTokens }],
      responseTokensDetails: [{ modality, tokenCount: responseTokens }],
    };
  }
}
