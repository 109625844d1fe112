// The `live:slowclose` fault: the session answers the client's close frame only after HOLD_MS, like
// a server slow to finish the close handshake. A client that waits for that answer before resuming
// would have the server see two sockets of one session (quirk `one-socket-per-session`); one that gives up on the
// handshake and drops the connection resumes at once. ws answers a peer's close frame by calling the
// socket's own close(): holding that call holds the answer, while the connection's end (the client
// dropping it) is still seen at once.

import type { WebSocket } from 'ws';
import type { EmulatorClock } from '../clock.js';

export const SLOW_CLOSE_HOLD_MS = 30_000;

/** `ours()` is true while the emulator itself closes the session: those closes go out at once. */
export function holdCloseReplies(ws: WebSocket, clock: EmulatorClock, ours: () => boolean): void {
  const answer = ws.close.bind(ws);
  ws.close = ((code?: number, reason?: string | Buffer) => {
    if (ours()) return answer(code, reason);
    clock.setTimeout(() => answer(code, reason), SLOW_CLOSE_HOLD_MS);
  }) as WebSocket['close'];
}
