// The session's function calls (https://ai.google.dev/api/live): each call of a toolCall is handed to a handler
// (RunToolCommand) and answered with a toolResponse carrying its id. Answers go through the
// session's send path, so a call that arrives just before a goAway is answered on the resumed
// socket. An id is answered at most once: a call the server repeats (e.g. after a resume) is not
// run again, and a cancelled call's late result is dropped (the server said it no longer wants it).

import type { TalkEvent } from './events.js';
import type { Command } from './session-types.js';
import type { ToolOutcome } from './tool-outcome.js';
import type { FunctionCall, Outgoing } from '../wire/wire-types.js';
import { definedProps } from '../../defined-props.js';

interface Pending {
  readonly name: string;
  readonly startedAt: number;
}

export class ToolCalls {
  readonly #emit: (command: Command) => void;
  readonly #send: (message: Outgoing) => void;
  /** A call or an answer counts as the model being busy with its reply (the end-of-input watch). */
  readonly #active: (now: number) => void;
  readonly #pending = new Map<string, Pending>();
  readonly #seen = new Set<string>();

  constructor(emit: (command: Command) => void, send: (message: Outgoing) => void, active: (now: number) => void) {
    this.#emit = emit;
    this.#send = send;
    this.#active = active;
  }

  get pending(): number {
    return this.#pending.size;
  }

  #event(event: TalkEvent): void {
    this.#emit({ type: 'event', event });
  }

  call(calls: readonly FunctionCall[], now: number): void {
    this.#active(now);
    for (const call of calls) {
      if (this.#seen.has(call.id)) continue;
      this.#seen.add(call.id);
      this.#pending.set(call.id, { name: call.name, startedAt: now });
      this.#event({ type: 'toolCall', id: call.id, name: call.name, args: call.args });
      this.#emit({ type: 'run-tool', call });
    }
  }

  cancel(ids: readonly string[], now: number): void {
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (!pending) continue;
      this.#pending.delete(id);
      this.#emit({ type: 'cancel-tool', id });
      this.#event({ type: 'toolCancelled', id, name: pending.name, durationMs: Math.round(now - pending.startedAt) });
    }
  }

  result(id: string, outcome: ToolOutcome, now: number): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    this.#active(now);
    const { name } = pending;
    const scheduling = definedProps({ scheduling: outcome.scheduling });
    this.#event({
      type: 'toolResult',
      id,
      name,
      response: outcome.response,
      durationMs: Math.round(now - pending.startedAt),
      ...scheduling,
      ...(outcome.error ? { error: true as const } : {}),
    });
    this.#send({ toolResponse: { functionResponses: [{ id, name, response: outcome.response, ...scheduling }] } });
  }
}
