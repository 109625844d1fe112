// `--once` is a promise to a script: exit 0 only when the model completed its turn after the last
// input sent and nothing cut that turn (docs/talk.md). Every end of a session goes through
// TalkSession's one finish, which asks this contract, so the rule holds however the session ended:
// a quit key, a server close, a reply cut by a dropped connection and never completed.

import { InterruptedError, NetworkError, type GemtokenError } from '../../errors.js';
import { describeClose } from '../wire/close-errors.js';

/** How a session ended, as far as the contract cares; an error of the session's own always wins. */
export type SessionEnd =
  /** A complete reply ended it. */
  | { readonly kind: 'answered' }
  /** The quit key (q). Ctrl-C and signals abort the run before this is asked. */
  | { readonly kind: 'quit' }
  /** The server closed (e.g. 1000) and there was nothing to resume. */
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  /** The input had ended and the reply went quiet. */
  | { readonly kind: 'quiet' }
  /** The session failed with an error of its own (a refused token, a failed connect, …). */
  | { readonly kind: 'failed' };

export class OnceContract {
  #answered = false;
  #cut: string | undefined;

  /** Something went to the model (text, audio, the end of a stream, a tool's result): it needs an answer. */
  input(): void {
    this.#answered = false;
  }

  /** A model turn ended with turnComplete; `complete`: it had a reply and was not interrupted. */
  turnComplete(complete: boolean): void {
    if (!complete) return;
    this.#answered = true;
    this.#cut = undefined;
  }

  /** A turn in flight was cut (its connection dropped or was replaced); `why` says how. */
  cut(why: string): void {
    this.#answered = false;
    this.#cut = why;
  }

  get answered(): boolean {
    return this.#answered;
  }

  /** The error a --once session ends with: its own, else none when answered, else why not (one line, no hint). */
  outcome(end: SessionEnd, error: GemtokenError | undefined): GemtokenError | undefined {
    if (error || this.#answered) return error;
    switch (end.kind) {
      case 'quit':
        // A person stopped it, as with Ctrl-C: 130, which a script reads as "aborted", not "bad flags".
        return new InterruptedError('quit before the model answered (--once)');
      case 'closed':
        return new NetworkError(
          `the server ended the session before the model answered (--once): ${describeClose(end.code, end.reason)}`,
        );
      default:
        return new NetworkError(
          this.#cut === undefined
            ? 'the model did not complete its turn after the last input (--once)'
            : `the model's reply was cut (${this.#cut}) and was not completed after the resume (--once)`,
        );
    }
  }
}
