// Turn-taking for one connection: user turns from VAD (or activityStart/End when automatic
// detection is off), text and clientContent; one model turn at a time; barge-in interrupts it.
// A turn naming a declared function calls it (tool-turns.ts): blocking calls hold the model silent
// until answered, non-blocking ones get "Working on it." and their results spoken per `scheduling`.
// With --scenario, a script (scenario/) says what each model turn does; pacing stays here.

import type { Cancel, EmulatorClock } from '../clock.js';
import { ScriptedTurn, type ScenarioPlayer, type ScenarioStep } from '../scenario/scripted-turn.js';
import type { CloseSpec } from './close-codes.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import { FrameTally } from './frame-tally.js';
import type { FrameInfo } from '../../parse/image-header.js';
import { ModelTurn, type TurnOutcome, type TurnStats } from './model-turn.js';
import type { SessionStats } from './session-book.js';
import type { SessionConfig } from './session-config.js';
import { SpeechTurns } from './speech-turns.js';
import { ToolTurns, WORKING_ON_IT, resultsText } from './tool-turns.js';
import { countUserTurn, usageMetadata, type PromptCost, type UserTurn } from './usage.js';
import { describeSpeech, replyToSpeech, replyToText } from './voice.js';

export interface TurnEngineDeps {
  /** Paces model turns. */
  readonly clock: EmulatorClock;
  readonly config: SessionConfig;
  readonly conversation: Conversation;
  readonly registry: ConversationRegistry;
  readonly stats: SessionStats;
  readonly send: (message: Readonly<Record<string, unknown>>) => boolean | void;
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
  /** `--scenario`: model turns follow the script instead of the echo; a mismatch closes (`close`). */
  readonly scenario?: ScenarioPlayer;
  readonly close?: (spec: CloseSpec) => void;
  /** For the log: why the script closes the session, whole (its close frame holds 123 bytes). */
  readonly scenarioRefused?: (reason: string) => void;
}

export class TurnEngine {
  #turn: ModelTurn | undefined;
  #pending: UserTurn | undefined;
  #cost: PromptCost = { promptTokens: 0, promptModality: 'AUDIO' };
  readonly #tools: ToolTurns;
  /** Turns the model starts by itself (non-blocking results): spoken before a queued user turn. */
  readonly #announcements: string[] = [];
  #script: ScriptedTurn | undefined;
  readonly #timers = new Set<Cancel>();
  /** Frames since the previous user turn ended (when its answer started; a queued turn takes those that came while it waited): the next answer says what they showed. */
  #frames = new FrameTally();

  /** Audio turns (VAD or manual activity), fed by SessionInput. */
  readonly speech: SpeechTurns;

  constructor(private readonly deps: TurnEngineDeps) {
    this.#tools = new ToolTurns(deps);
    const { config, conversation } = deps;
    this.speech = new SpeechTurns({
      config,
      conversation,
      onSpeechStart: () => this.#bargeIn(),
      onTurnEnd: (speechMs) => this.#userTurn({ kind: 'speech', speechMs }),
    });
  }

  frame(frame: FrameInfo): void {
    this.#frames.add(frame);
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
    const results = outcome.blockingDone ? resultsText(outcome.blockingDone) : undefined;
    if (results !== undefined) void (this.#script ? this.#script.afterTools(results) : this.#speak(results));
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
    for (const cancel of this.#timers) cancel();
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
    const { conversation } = this.deps;
    this.#cost = countUserTurn(this.deps, user);
    const frames = this.#frames;
    this.#frames = new FrameTally();
    if (this.deps.scenario) return this.#scripted(this.deps.scenario.next(conversation, user, frames.count));
    const call = this.#tools.call(user.kind === 'speech' ? describeSpeech(user.speechMs) : user.text);
    // Blocking calls: no model output at all until their responses arrive (toolResponse()).
    if (call?.blocking) return;
    if (call) return void this.#speak(WORKING_ON_IT);
    const reply =
      user.kind === 'speech'
        ? replyToSpeech(conversation.turns, user.speechMs)
        : replyToText(conversation.turns, user.text);
    const saw = frames.sentence();
    this.#speak(saw === undefined ? reply : `${reply} ${saw}.`);
  }

  #scripted(step: ScenarioStep): void {
    const { clock, send, config } = this.deps;
    this.#script = new ScriptedTurn(step, {
      clock,
      timers: this.#timers,
      send,
      close: this.deps.close ?? this.deps.onDrop,
      refused: (reason) => this.deps.scenarioRefused?.(reason),
      callTool: (name, args) =>
        this.#tools.request([{ name, args, behavior: config.functions.get(name)?.behavior ?? 'BLOCKING' }]),
      speak: (text, delayMs) => this.#speak(text, delayMs),
    });
    this.#script.start();
  }

  /** Starts a model turn; returns what interrupts that turn (a no-op once another one started). */
  #speak(reply: string, firstChunkDelayMs = 0): () => void {
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
      firstChunkDelayMs,
    });
    this.#turn = turn;
    turn.start();
    return () => {
      if (this.#turn === turn && turn.active) turn.stop('interrupted');
    };
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
    send({
      serverContent: { turnComplete: true },
      usageMetadata: usageMetadata(this.#cost, this.deps.config.modality, responseTokens),
    });
    this.deps.onResumable();
    this.#script?.turnEnded();
    this.#next();
  }

  #next(): void {
    if (this.#busy) return;
    const announcement = this.#announcements.shift();
    if (announcement !== undefined) return void this.#speak(announcement);
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) this.#startModelTurn(pending);
  }
}
