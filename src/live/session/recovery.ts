// What to do when a connection ends without our asking, or a connect fails:
// resume at once (lifetime end), resume after a backoff (transient 1011/1006, bounded attempts,
// all within seconds — far inside a handle's validity), get a fresh token first (resume-costs-use: the service
// refused resumes on a spent uses:1 token), or give up with one typed error. Pure: the machine
// applies the decision; the clock it uses is the `now` of its inputs.

import { AuthError, NetworkError, type GemtokenError } from '../../errors.js';
import { closeError, describeClose, failureError, unresumableError, type CloseContext } from '../wire/close-errors.js';
import { classifyClose, classifyFailure } from '../wire/close-kind.js';
import type { TransportFailure } from '../transport/transport.js';
import { describeFailure } from '../transport/transport.js';

export type TokenSupplyKind = 'minted' | 'command';

export interface RecoveryConfig {
  /** Where a fresh token comes from; undefined: only the one fixed token. */
  readonly tokenSupply?: TokenSupplyKind;
  readonly reconnectAttempts: number;
  /** Delay before attempt n is backoff × 2^(n−1). */
  readonly reconnectBackoffMs: number;
  /** The first token's uses, when known (TokenUses, below). */
  readonly tokenUses?: number;
}

export type Decision =
  | { readonly kind: 'resume' }
  | {
      readonly kind: 'retry';
      readonly attempt: number;
      readonly of: number;
      readonly inMs: number;
      readonly reason: string;
    }
  | { readonly kind: 'renew'; readonly reason: string }
  | { readonly kind: 'give-up'; readonly error: GemtokenError | undefined };

/** Fresh tokens in a row that may be refused before talk stops asking (a broken supply must not loop). */
const MAX_RENEWALS = 2;

export class Recovery {
  readonly #config: RecoveryConfig;
  readonly #ctx: CloseContext;
  #attempts = 0;
  #renewals = 0;
  /** Between connections: what the status line says, when the retry is due, why a token was asked for. */
  #pending: { readonly note: string; retryAt?: number; readonly reason: string } | undefined;

  readonly #uses: TokenUses;

  constructor(config: RecoveryConfig, ctx: CloseContext) {
    this.#config = config;
    this.#ctx = ctx;
    this.#uses = new TokenUses(config.tokenUses);
  }

  /** A connection reached setupComplete: the counts start again, and the token has one use fewer. */
  connected(): void {
    this.#uses.connected();
    this.#attempts = 0;
    this.#renewals = 0;
    this.#pending = undefined;
  }

  get note(): string | undefined {
    return this.#pending?.note;
  }

  /** Why the fresh token was asked for (the close it answers). */
  get renewReason(): string {
    return this.#pending?.reason ?? '';
  }

  /** Whether the retry's backoff is over (true once per retry). */
  retryDue(now: number): boolean {
    const at = this.#pending?.retryAt;
    if (at === undefined || now < at) return false;
    this.#pending = { ...this.#pending!, retryAt: undefined };
    return true;
  }

  /** A live connection was closed by the server, not at our request. */
  dropped(
    code: number,
    reason: string,
    plan: { readonly handle: string | undefined; readonly goAwaySeen: boolean },
    now: number,
  ): Decision {
    if (plan.handle === undefined) {
      // Nothing to resume with.
      if (plan.goAwaySeen) return { kind: 'give-up', error: unresumableError(code) };
      return { kind: 'give-up', error: code === 1000 ? undefined : closeError(code, reason, this.#ctx) };
    }
    const what = describeClose(code, reason);
    const kind = classifyClose(code, reason);
    if (plan.goAwaySeen || kind === 'deadline') return { kind: 'resume' };
    switch (kind) {
      case 'transient':
        return this.#retry(what, now, () => closeError(code, reason, this.#ctx));
      case 'token':
        return this.#renew(what, () => closeError(code, reason, this.#ctx));
      default:
        return { kind: 'give-up', error: code === 1000 ? undefined : closeError(code, reason, this.#ctx) };
    }
  }

  /** A connect failed; `resuming`: it carried a handle (the session was up before). */
  connectFailed(failure: TransportFailure, resuming: boolean, now: number): Decision {
    const error = (): GemtokenError => failureError(failure, this.#ctx);
    const kind = classifyFailure(failure);
    const what = failure.kind === 'closed' ? describeClose(failure.code, failure.reason) : describeFailure(failure);
    // The first connect is not retried (a wrong URL or a dead service should fail fast), but a
    // refused token is replaced once when talk can get another (e.g. a stale GEMINI_EPHEMERAL_TOKEN).
    if (!resuming)
      return kind === 'token' && this.#config.tokenSupply && this.#renewals < 1
        ? this.#renew(what, error)
        : { kind: 'give-up', error: error() };
    if (kind === 'token') return this.#renew(what, error);
    if (kind === 'transient' || kind === 'deadline') return this.#retry(what, now, error);
    return { kind: 'give-up', error: error() };
  }

  /** A fresh token (with `uses` uses, when known) replaced the current one. */
  tokenReplaced(uses: number | undefined): void {
    this.#uses.replaced(uses);
  }

  /**
   * Before a connect: true when the token is known to be spent and a fresh one can be had, so it is
   * asked for first (not a refusal, so not counted against MAX_RENEWALS). Offering the spent token
   * would only earn a refusal (1011) and a round trip.
   */
  renewFirst(): boolean {
    const reason = this.#config.tokenSupply ? this.#uses.spentReason : undefined;
    if (reason === undefined) return false;
    this.#pending = { note: 'new token', reason };
    return true;
  }

  #retry(what: string, now: number, last: () => GemtokenError): Decision {
    const of = this.#config.reconnectAttempts;
    if (this.#attempts >= of) {
      return {
        kind: 'give-up',
        error: new NetworkError(
          `the session could not be resumed after ${of} attempts: ${last().message}`,
          'the service failed or is unavailable; start talk again in a moment',
        ),
      };
    }
    this.#attempts += 1;
    const inMs = this.#config.reconnectBackoffMs * 2 ** (this.#attempts - 1);
    this.#pending = { note: `retry ${this.#attempts}/${of}`, retryAt: now + inMs, reason: what };
    return { kind: 'retry', attempt: this.#attempts, of, inMs, reason: what };
  }

  #renew(what: string, last: () => GemtokenError): Decision {
    if (!this.#config.tokenSupply) {
      return {
        kind: 'give-up',
        error: new AuthError(
          `the token cannot resume the session (${what}) and talk has no way to get another: pass --token-command "<cmd>" or set GEMINI_API_KEY`,
          'the service refuses resumes on a spent token; --token-command runs a command that prints a fresh token (e.g. `gemtoken mint --output json`)',
        ),
      };
    }
    if (this.#renewals >= MAX_RENEWALS) return { kind: 'give-up', error: last() };
    this.#renewals += 1;
    this.#pending = { note: 'new token', reason: what };
    return { kind: 'renew', reason: what };
  }
}

// How many connects the current token still allows. The service charges a use for every session a
// token starts and, as seen on the real service, for every resume too (docs/talk.md, "Tokens and
// resumption"): a uses:1 token is spent by its first connect. Knowing that, talk gets its fresh token
// before a resume instead of offering the spent one and being refused (close 1011) first.

class TokenUses {
  /** undefined: not known (a bare token name); 0: unlimited until it expires. */
  #uses: number | undefined;
  #connects = 0;

  constructor(uses: number | undefined) {
    this.#uses = uses;
  }

  /** A connection on the current token reached setupComplete: one use charged. */
  connected(): void {
    this.#connects += 1;
  }

  /** A fresh token replaced the current one. */
  replaced(uses: number | undefined): void {
    this.#uses = uses;
    this.#connects = 0;
  }

  /** The reason to say when a spent token is replaced, or undefined while it has uses left (or they are unknown). */
  get spentReason(): string | undefined {
    const uses = this.#uses;
    if (uses === undefined || uses === 0 || this.#connects < uses) return undefined;
    return `the token's ${uses === 1 ? 'single use is' : `${uses} uses are`} spent`;
  }
}
