// One scenario turn played through the turn engine (turn-engine.ts owns pacing, tools, barge-in):
// this decides what the model does — a toolCall, a reply in the deterministic voice after an
// optional silence, a cut at the interruption point, a goAway, a close — and when.

import type { Cancel, EmulatorClock } from '../clock.js';
import type { CloseSpec } from '../live/close-codes.js';
import type { JsonObject } from '../json.js';
import { MISMATCH_CODE, type ScenarioStep } from './player.js';

export type { ScenarioPlayer, ScenarioStep } from './player.js';
import type { ModelAction } from './schema.js';

/** timeLeft of a scripted goAway: the emulator's default goAway lead. */
export const SCRIPTED_GO_AWAY_TIME_LEFT = '5s';

export interface ScriptHooks {
  readonly clock: EmulatorClock;
  /** Timers the engine cancels when the session ends (each removes itself once it fired). */
  readonly timers: Set<Cancel>;
  readonly send: (message: Readonly<Record<string, unknown>>) => boolean | void;
  readonly close: (spec: CloseSpec) => void;
  /** Sends the toolCall; true when the call blocks (the model waits for the toolResponse). */
  readonly callTool: (name: string, args: JsonObject) => boolean;
  /** Starts a model turn speaking `text`; returns what cuts that turn (a no-op once it is over). */
  readonly speak: (text: string, firstChunkDelayMs: number) => () => void;
}

export class ScriptedTurn {
  #afterTools: string | undefined;
  readonly #model: ModelAction | undefined;

  constructor(
    private readonly step: ScenarioStep,
    private readonly hooks: ScriptHooks,
  ) {
    this.#model = step.ok ? step.turn.model : undefined;
  }

  start(): void {
    const { step, hooks } = this;
    if (!step.ok) return hooks.close({ code: MISMATCH_CODE, reason: step.reason });
    const model = this.#model!;
    if (model.goAwayAfterMs !== undefined)
      this.#later(model.goAwayAfterMs, () => hooks.send({ goAway: { timeLeft: SCRIPTED_GO_AWAY_TIME_LEFT } }));
    if (model.toolCall && hooks.callTool(model.toolCall.name, model.toolCall.args)) {
      this.#afterTools = model.reply;
      return;
    }
    if (model.reply !== undefined) return this.#say(model.reply);
    // Nothing to say: the turn is over as soon as its goAway (if any) is out.
    if (model.close) this.#later(model.goAwayAfterMs ?? 0, () => hooks.close(model.close!));
  }

  /** A blocking call was answered: the scripted reply is spoken, or else the results. */
  afterTools(results: string): void {
    const reply = this.#afterTools ?? results;
    this.#afterTools = undefined;
    this.#say(reply);
  }

  /** The engine ended a model turn (complete or interrupted) that this script started. */
  turnEnded(): void {
    if (this.#model?.close) this.hooks.close(this.#model.close);
  }

  #later(ms: number, fn: () => void): void {
    const { clock, timers } = this.hooks;
    const cancel = clock.setTimeout(() => {
      timers.delete(cancel);
      fn();
    }, ms);
    timers.add(cancel);
  }

  #say(text: string): void {
    const delay = this.#model?.firstChunkDelayMs ?? 0;
    const cut = this.hooks.speak(text, delay);
    const at = this.#model?.interruptAfterMs;
    if (at !== undefined) this.#later(delay + at, cut);
  }
}
