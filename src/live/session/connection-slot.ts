// The session's current connection: which id is current and whether it is coming up, live, being
// closed for a resume, or gone. Every connect, send and close command is made here, so a command
// can only name the current connection (or close a superseded one that came up late).

import type { Command } from './session-types.js';
import type { Outgoing, SetupMessage } from '../wire/wire-types.js';
import type { Phase } from './events.js';

/** `waiting`: between connections, for a retry's backoff or a fresh token; `terminating`: the old socket was dropped. */
export type SlotState =
  'idle' | 'connecting' | 'live' | 'closing-old' | 'terminating' | 'waiting' | 'reconnecting' | 'done';

export class ConnectionSlot {
  readonly #emit: (command: Command) => void;
  state: SlotState = 'idle';
  id = 0;
  #everUp = false;
  #closeDeadline = 0;

  constructor(emit: (command: Command) => void) {
    this.#emit = emit;
  }

  /** Opens the next connection; after the first one was up, this is a reconnect. */
  open(setup: SetupMessage): void {
    this.state = this.#everUp ? 'reconnecting' : 'connecting';
    this.id += 1;
    this.#emit({ type: 'connect', id: this.id, setup });
  }

  /** Connection `id` reached setupComplete: 'first' or 'resumed', or undefined (and closed) when superseded. */
  up(id: number): 'first' | 'resumed' | undefined {
    if (id !== this.id) {
      this.#emit({ type: 'close', id, code: 1000, reason: 'superseded' });
      return undefined;
    }
    this.state = 'live';
    if (this.#everUp) return 'resumed';
    this.#everUp = true;
    return 'first';
  }

  send(message: Outgoing): void {
    this.#emit({ type: 'send', id: this.id, message });
  }

  /** goAway: close the doomed socket first (a resume is refused while it is open), waiting at most `waitMs` for its close. */
  closeForResume(now: number, waitMs: number): void {
    this.state = 'closing-old';
    this.#closeDeadline = now + waitMs;
    this.#emit({ type: 'close', id: this.id, code: 1000, reason: 'resuming after goAway' });
  }

  /**
   * Whether to open the next connection now. A close handshake that has not finished in time is cut
   * short with terminate (the server must never see two sockets of one session: a resume while the
   * old one is open is refused: one-socket-per-session); the resume still waits for that socket's close report, but
   * never longer than another `waitMs`.
   */
  closeOverdue(now: number, waitMs: number): boolean {
    if (this.state === 'terminating') return now >= this.#closeDeadline;
    if (this.state !== 'closing-old' || now < this.#closeDeadline) return false;
    this.state = 'terminating';
    this.#closeDeadline = now + waitMs;
    this.#emit({ type: 'terminate', id: this.id });
    return false;
  }

  /** The old connection is gone; the next one opens later (a retry's backoff, or a fresh token). */
  wait(): void {
    this.state = 'waiting';
  }

  /** The session is over; a client-side end closes the socket with 1000 if one was ever requested. */
  end(byClient: boolean, reason: string): void {
    if (byClient && this.state !== 'idle')
      this.#emit({ type: 'close', id: this.id, code: 1000, reason: reason || 'done' });
    this.state = 'done';
  }

  /** The phase the connection alone decides, or undefined while it is live. */
  phase(): Phase | undefined {
    if (this.state === 'idle' || this.state === 'connecting') return 'connecting';
    if (
      this.state === 'closing-old' ||
      this.state === 'terminating' ||
      this.state === 'waiting' ||
      this.state === 'reconnecting'
    )
      return 'reconnecting';
    return this.state === 'done' ? 'closing' : undefined;
  }
}
