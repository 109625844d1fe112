// The session's current connection: which id is current and whether it is coming up, live, being
// closed for a resume, or gone. Every connect, send and close command is made here, so a command
// can only name the current connection (or close a superseded one that came up late).

import type { Command } from './session-types.js';
import type { RealtimeInput, SetupMessage } from '../wire/wire-types.js';
import type { Phase } from './events.js';

export type SlotState = 'idle' | 'connecting' | 'live' | 'closing-old' | 'reconnecting' | 'done';

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

  send(message: RealtimeInput): void {
    this.#emit({ type: 'send', id: this.id, message });
  }

  /** goAway: close the doomed socket first (a resume is refused while it is open), waiting at most `waitMs` for its close. */
  closeForResume(now: number, waitMs: number): void {
    this.state = 'closing-old';
    this.#closeDeadline = now + waitMs;
    this.#emit({ type: 'close', id: this.id, code: 1000, reason: 'resuming after goAway' });
  }

  closeOverdue(now: number): boolean {
    return this.state === 'closing-old' && now >= this.#closeDeadline;
  }

  /** The session is over; a client-side end closes the socket with 1000 if one was ever requested. */
  end(byClient: boolean, reason: string): void {
    if (byClient && this.state !== 'idle') this.#emit({ type: 'close', id: this.id, code: 1000, reason: reason || 'done' });
    this.state = 'done';
  }

  /** The phase the connection alone decides, or undefined while it is live. */
  phase(): Phase | undefined {
    if (this.state === 'idle' || this.state === 'connecting') return 'connecting';
    if (this.state === 'closing-old' || this.state === 'reconnecting') return 'reconnecting';
    return this.state === 'done' ? 'closing' : undefined;
  }
}
