// Turn-taking for one connection: user turns from VAD (or activityStart/End when automatic
// detection is off), text and clientContent; one model turn at a time; barge-in interrupts it.
// A turn naming a declared function calls it (tool-turns.ts): blocking calls hold the model silent
// until answered, non-blocking ones get "Working on it." and their results spoken per `scheduling`.

import type { EmulatorClock } from '../clock.js';
import type { CloseSpec } from './close-codes.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import { ModelTurn, type TurnOutcome, type TurnStats } from './model-turn.js';
import type { SessionStats } from './session-book.js';
import type { SessionConfig } from './session-config.js';
import { SpeechTurns } from './speech-turns.js';
import { ToolTurns, WORKING_ON_IT, resultsText } from './tool-turns.js';
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
  /** For the log: what was accepted where the real service's rule is unknown. */
  readonly warn?: (warning: string) => void;
}

type UserTurn = { readonly kind: 'speech'; readonly speechMs: number } | { readonly kind: 'text'; readonly text: string };

export class TurnEngine {
  #turn: ModelTurn | undefined;
  #pending: UserTurn | undefined;
  #promptTokens = 0;
  #promptModality = 'AUDIO';
  readonly #tools: ToolTurns;
  /** Turns the model starts by itself (non-blocking results): spoken before a queued user turn. */
  readonly #announcements: string[] = [];

  /** Audio turns (VAD or manual activity), fed by SessionInput. */
  readonly speech: SpeechTurns;

  constructor(private readonly deps: TurnEngineDeps) {
    this.#tools = new ToolTurns(deps);
    const { config, conversation } = deps;
    this.speech = new SpeechTurns({ config, conversation, onSpeechStart: () => this.#bargeIn(), onTurnEnd: (speechMs) => this.#userTurn({ kind: 'speech', speechMs }) });
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
    this.#interrupt();
    this.#userTurn({ kind: 'text', text: texts.join(' ') });
  }

  toolResponse(body: unknown): CloseSpec | undefined {
    const outcome = this.#tools.respond(body);
    if ('close' in outcome) return outcome.close;
    // The model was silent while it waited (nothing else can be playing): it answers now.
    if (outcome.blockingDone) this.#speak(resultsText(outcome.blockingDone));
    for (const { record, scheduling } of outcome.nonBlocking) {
      if (scheduling === 'SILENT') continue;
      if (scheduling === 'INTERRUPT' && !this.#tools.waiting) {
        this.#announcements.unshift(resultsText([record]));
        if (this.#turn?.active) this.#turn.stop('interrupted');
      } else this.#announcements.push(resultsText([record]));
    }
    this.#next();
    return undefined;
  }

  dispose(): void {
    this.#pending = undefined;
    this.#turn?.stop('cancelled');
  }

  #bargeIn(): void {
    if (this.deps.config.interrupts) this.#interrupt();
  }

  /** Stops the model's turn; a turn still waiting on blocking calls ends too, the calls cancelled. */
  #interrupt(): void {
    this.#turn?.stop('interrupted');
    if (this.#tools.cancelPending()) this.#endTurn('interrupted', 0);
  }

  get #busy(): boolean {
    return this.#turn?.active === true || this.#tools.waiting;
  }

  #userTurn(turn: UserTurn): void {
    if (this.#busy) {
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
    // 25 tokens per second of audio (protocol.md §2.7); roughly 4 characters per text token.
    this.#promptTokens = user.kind === 'speech' ? Math.ceil(user.speechMs / 40) : Math.ceil(user.text.length / 4);
    this.#promptModality = user.kind === 'speech' ? 'AUDIO' : 'TEXT';
    if (user.kind === 'speech') {
      registry.remember(conversation, { role: 'user', text: describeSpeech(user.speechMs) });
      if (config.inputTranscription) send({ serverContent: { inputTranscription: { text: describeSpeech(user.speechMs) } } });
    }
    const call = this.#tools.call(user.kind === 'speech' ? describeSpeech(user.speechMs) : user.text);
    // Blocking calls: no model output at all until their responses arrive (toolResponse()).
    if (call?.blocking) return;
    this.#speak(call ? WORKING_ON_IT : user.kind === 'speech' ? replyToSpeech(conversation.turns, user.speechMs) : replyToText(conversation.turns, user.text));
  }

  #speak(reply: string): void {
    const { conversation, registry, config, send } = this.deps;
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
    const { conversation } = this.deps;
    conversation.outputAudioBytes += turnStats.audioBytesSent;
    if (outcome === 'dropped') return this.deps.onDrop();
    if (outcome === 'cancelled') return;
    this.#endTurn(outcome, turnStats.stepsSent);
  }

  #endTurn(outcome: 'complete' | 'interrupted', responseTokens: number): void {
    const { conversation, stats, send } = this.deps;
    if (outcome === 'interrupted') {
      conversation.interrupted += 1;
      stats.interrupted += 1;
      send({ serverContent: { interrupted: true } });
    } else {
      send({ serverContent: { generationComplete: true } });
    }
    send({ serverContent: { turnComplete: true }, usageMetadata: this.#usage(responseTokens) });
    this.deps.onResumable();
    this.#next();
  }

  #next(): void {
    if (this.#busy) return;
    const announcement = this.#announcements.shift();
    if (announcement !== undefined) return this.#speak(announcement);
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
