// The faults a Live session can be told to inject (a scenario's or --fault's live faults, LiveFaultKind in
// core.ts): cutting a model turn halfway, and answering the client's close frame late.

import type { WebSocket } from 'ws';
import type { EmulatorClock } from '../clock.js';
import type { LiveFaultKind } from '../core.js';

// Which model turn a session's injected fault cuts halfway (the session then closes 1011
// "Internal error encountered."):
// - `drop`: the first model turn, whatever the session has been told;
// - `internal` (the transient 1011 seen on preview models): the first model turn that starts
//   after a resumption handle went out, so a client holding that handle can resume, as LiveKit's
//   plugin does. A session that never gets handles (no resumption asked or locked) is cut at its
//   first turn: the real error does not wait for a handle either.
export interface CutState {
  /** Handles this session has sent so far. */
  readonly handlesSent: () => number;
  /** Whether the session hands out handles at all. */
  readonly resumption: boolean;
}

/** A predicate asked as each model turn starts; true at most once. */
export function turnCutter(fault: LiveFaultKind | undefined, state: CutState): () => boolean {
  if (fault !== 'drop' && fault !== 'internal') return () => false;
  let armed = true;
  return () => {
    if (!armed) return false;
    if (fault === 'internal' && state.resumption && state.handlesSent() === 0) return false;
    armed = false;
    return true;
  };
}

// The `live:slowclose` fault: the session answers the client's close frame only after SLOW_CLOSE_HOLD_MS, like
// a server slow to finish the close handshake. A client that waits for that answer before resuming
// would have the server see two sockets of one session (quirk `one-socket-per-session`); one that gives up on the
// handshake and drops the connection resumes at once. ws answers a peer's close frame by calling the
// socket's own close(): holding that call holds the answer, while the connection's end (the client
// dropping it) is still seen at once.
export const SLOW_CLOSE_HOLD_MS = 30_000;

/** `ours()` is true while the emulator itself closes the session: those closes go out at once. */
export function holdCloseReplies(ws: WebSocket, clock: EmulatorClock, ours: () => boolean): void {
  const answer = ws.close.bind(ws);
  ws.close = ((code?: number, reason?: string | Buffer) => {
    if (ours()) return answer(code, reason);
    clock.setTimeout(() => answer(code, reason), SLOW_CLOSE_HOLD_MS);
  }) as WebSocket['close'];
}
