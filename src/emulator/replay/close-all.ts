// Closing a set of WebSockets and waiting until each one has ended: a reset must not return while a
// session of the previous test can still send something into the next. A peer that never answers
// the close frame is cut after the grace, as the emulator's own reset does (live/attach.ts).

import { WebSocket } from 'ws';
import type { EmulatorClock } from '../clock.js';

export const CLOSE_GRACE_MS = 1000;

export async function closeAndWait(
  sockets: Iterable<WebSocket>,
  code: number,
  reason: string,
  clock: EmulatorClock,
): Promise<void> {
  const closing = [...sockets].filter((ws) => ws.readyState !== WebSocket.CLOSED);
  if (closing.length === 0) return;
  const ended = closing.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  for (const ws of closing) ws.close(code, reason);
  const cancelGrace = clock.setTimeout(() => closing.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS);
  await Promise.all(ended);
  cancelGrace();
}
