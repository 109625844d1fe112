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

/**
 * How long a turn's blocking toolCall waits for the client's toolResponse unless the turn says
 * (`toolResponseTimeoutMs`): long enough for a slow handler, short enough that a test whose app
 * never answers fails with a reason instead of hanging until its own timeout.
 */
export const TOOL_RESPONSE_TIMEOUT_MS = 30_000;

export interface ScriptHooks {
  readonly clock: EmulatorClock;
  /** Timers the engine cancels when the session ends (each removes itself once it fired). */
  readonly timers: Set<Cancel>;
  readonly send: (message: Readonly<Record<string, unknown>>) => boolean | void;
  readonly close: (spec: CloseSpec) => void;
  /** Logs why the script closes the session (the whole reason; the close frame holds 123 bytes of it). */
  readonly refused: (reason: string) => void;
  /** Sends the toolCall; true when the call blocks (the model waits for the toolResponse). */
  readonly callTool: (name: string, args: JsonObject) => boolean;
  /** Starts a model turn speaking `text`; returns what cuts that turn (a no-op once it is over). */
  readonly speak: (text: string, firstChunkDelayMs: number) => () => void;
}

export class ScriptedTurn {
  #afterTools: string | undefined;
  #toolWait: Cancel | undefined;
  readonly #model: ModelAction | undefined;

  constructor(
    private readonly step: ScenarioStep,
    private readonly hooks: ScriptHooks,
  ) {
    this.#model = step.ok ? step.turn.model : undefined;
  }

  start(): void {
    const { step, hooks } = this;
    if (!step.ok) return this.#refuse(step.reason);
    const model = this.#model!;
    if (model.goAwayAfterMs !== undefined)
      this.#later(model.goAwayAfterMs, () => hooks.send({ goAway: { timeLeft: SCRIPTED_GO_AWAY_TIME_LEFT } }));
    if (model.toolCall && hooks.callTool(model.toolCall.name, model.toolCall.args)) {
      this.#afterTools = model.reply;
      const ms = model.toolResponseTimeoutMs ?? TOOL_RESPONSE_TIMEOUT_MS;
      const what = `scenario ${step.name}: turn ${step.index} got no toolResponse to ${model.toolCall.name}`;
      this.#toolWait = this.#later(ms, () => this.#refuse(`${what} within ${seconds(ms)}`));
      return;
    }
    if (model.reply !== undefined) return this.#say(model.reply);
    // Nothing to say: the turn is over as soon as its goAway (if any) is out.
    if (model.close) this.#later(model.goAwayAfterMs ?? 0, () => hooks.close(model.close!));
  }

  /** A blocking call was answered: the scripted reply is spoken, or else the results. */
  afterTools(results: string): void {
    this.#stopWaiting();
    const reply = this.#afterTools ?? results;
    this.#afterTools = undefined;
    this.#say(reply);
  }

  /** The engine ended a model turn (complete or interrupted) that this script started. */
  turnEnded(): void {
    this.#stopWaiting();
    if (this.#model?.close) this.hooks.close(this.#model.close);
  }

  #stopWaiting(): void {
    this.#toolWait?.();
    this.#toolWait = undefined;
  }

  #refuse(reason: string): void {
    this.hooks.refused(reason);
    this.hooks.close({ code: MISMATCH_CODE, reason });
  }

  /** Runs `fn` in `ms` on the emulator's clock; returns what cancels it. */
  #later(ms: number, fn: () => void): Cancel {
    const { clock, timers } = this.hooks;
    const cancel = clock.setTimeout(() => {
      timers.delete(cancel);
      fn();
    }, ms);
    timers.add(cancel);
    return () => {
      timers.delete(cancel);
      cancel();
    };
  }

  #say(text: string): void {
    const delay = this.#model?.firstChunkDelayMs ?? 0;
    const cut = this.hooks.speak(text, delay);
    const at = this.#model?.interruptAfterMs;
    if (at !== undefined) this.#later(delay + at, cut);
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
