// When a finished input (end of --input file, or --text) has been answered: the session ends once
// the reply has gone quiet, or gives up when none comes. A live microphone never ends this way.

import { NetworkError, type GemtokenError } from '../../errors.js';

export interface EndTimings {
  readonly idleAfterReplyMs: number;
  readonly noReplyTimeoutMs: number;
}

export interface EndDecision {
  readonly drain: boolean;
  readonly error?: GemtokenError;
  readonly warning?: string;
}

export interface ReplyState {
  readonly modelActive: boolean;
  readonly lastContentAt: number;
}

export class EndWatch {
  readonly #timings: EndTimings;
  readonly #once: boolean;
  inputEndedAt: number | undefined;
  #lastReplyAt: number | undefined;
  #anyReply = false;

  constructor(timings: EndTimings, once: boolean) {
    this.#timings = timings;
    this.#once = once;
  }

  inputEnded(now: number): void {
    this.inputEndedAt ??= now;
  }

  /** A model turn with content ended (completed, or cut by a reconnect). */
  replied(now: number): void {
    this.#anyReply = true;
    if (this.inputEndedAt !== undefined) this.#lastReplyAt = now;
  }

  check(now: number, reply: ReplyState): EndDecision | undefined {
    const ended = this.inputEndedAt;
    if (ended === undefined) return undefined;
    // A model turn that goes silent without turnComplete (seen with some models)
    // must not keep a finished script waiting for ever.
    if (reply.modelActive && now - reply.lastContentAt < this.#timings.noReplyTimeoutMs) return undefined;
    const quietSince = Math.max(reply.lastContentAt, this.#lastReplyAt ?? ended, ended);
    if (this.#lastReplyAt !== undefined)
      return now - quietSince >= this.#timings.idleAfterReplyMs ? { drain: true } : undefined;
    if (now - quietSince < this.#timings.noReplyTimeoutMs) return undefined;
    // Nothing came after the input ended: fine if the model answered earlier speech; a session that
    // never got a reply is worth a warning, and with --once (a script waiting for an answer) an error.
    const seconds = Math.round(this.#timings.noReplyTimeoutMs / 1000);
    const error = new NetworkError(
      `no reply from the model within ${seconds} s after the input ended`,
      'check that the input contains speech (or use --text)',
    );
    if (this.#once) return { drain: false, error };
    return this.#anyReply ? { drain: false } : { drain: false, warning: error.message };
  }
}
