// The Live half of the emulator: WebSocket routes on the REST half's HTTP server ('upgrade'),
// session bookkeeping, GET /emulator/sessions, and an orderly close.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EmulatorCore, Viewer } from '../core.js';
import { sees } from '../viewer.js';
import { sessionsHandler } from './admin-sessions.js';
import { authenticate, credentialOwner } from './auth.js';
import { CloseCode, Reason } from './close-codes.js';
import { ConversationRegistry } from './conversations.js';
import { refuseUpgrade, upgradeServer } from './upgrade.js';
import { parseLiveRoute } from './route.js';
import { SessionBook } from './session-book.js';
import { LiveSession } from './session.js';

export interface LiveHalf {
  /** Closes every open session (1001 going away) and stops accepting upgrades. */
  close(): Promise<void>;
  /**
   * POST /emulator/reset: closes the viewer's open sessions (1001), waits for them to end, then
   * forgets its sessions and conversations, so the next test starts from nothing.
   */
  reset(viewer: Viewer): Promise<void>;
}

const SWEEP_MS = 60_000;
const CLOSE_GRACE_MS = 1000;
/**
 * ws waits 30 s for the peer's close frame. A caller refused for its credentials gets its close
 * frame (1008/1007 and the reason, as the real service sends them) and is then destroyed after this
 * short grace: a client that never answers must not hold anything for long.
 */
const REFUSED_CLOSE_TIMEOUT_MS = 250;
const REFUSED_MAX_PAYLOAD = 64 * 1024;

export function attachLive(core: EmulatorCore): LiveHalf {
  const wss = upgradeServer(core.options.maxFrameBytes);
  const refusing = upgradeServer(REFUSED_MAX_PAYLOAD);
  const registry = new ConversationRegistry(() => core.clock.now());
  const book = new SessionBook();
  const sessions = new Set<LiveSession>();
  /** Connections refused for their credentials: closing, and never counted against maxSessions. */
  const refused = new Set<LiveSession>();
  let closing = false;
  const drained: Array<() => void> = [];
  const stopSweeper = core.clock.setInterval(() => registry.sweep(), SWEEP_MS);
  core.admin.set('sessions', sessionsHandler(book, registry));

  /** Resets waiting for a session to end. */
  const closedWaiters = new Map<LiveSession, () => void>();
  const onClosed = (session: LiveSession): void => {
    sessions.delete(session);
    closedWaiters.get(session)?.();
    closedWaiters.delete(session);
    refused.delete(session);
    if (sessions.size === 0 && refused.size === 0) drained.splice(0).forEach((resolve) => resolve());
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    try {
      socket.on('error', () => socket.destroy());
      const route = parseLiveRoute(request.url ?? '/', request.headers);
      if (!route) return refuseUpgrade(socket, 404, 'Not Found: no Live API method at this path.');
      if (closing) return refuseUpgrade(socket, 503, 'The emulator is shutting down.');
      // Credentials before slots: callers without valid ones must never take one. They
      // are accepted and closed with the code and reason the real service uses (auth.ts).
      const auth = authenticate(route, core.options.apiKeys, core.store);
      const refuse = auth.ok
        ? core.faults.takeLive(['refuse'], credentialOwner(route, core.options.apiKeys, core.store))
        : undefined;
      if (refuse)
        return refuseUpgrade(
          socket,
          429,
          'Resource has been exhausted (injected fault).',
          refuse.retryAfterSeconds ?? 1,
        );
      if (auth.ok && sessions.size >= core.options.maxSessions) {
        core.log.event({ event: 'live.refused', reason: 'max-sessions', maxSessions: core.options.maxSessions });
        return refuseUpgrade(socket, 429, 'Resource has been exhausted (too many concurrent Live sessions).', 1);
      }
      if (auth.ok && auth.warning)
        core.log.event({ event: 'live.warning', apiVersion: route.apiVersion, warning: auth.warning });
      // ws completes the handshake synchronously, so `sessions.size` above is always current.
      (auth.ok ? wss : refusing).handleUpgrade(request, socket, head, (ws) => {
        try {
          const session = new LiveSession(ws, route, auth, { core, registry, book, onClosed });
          if (auth.ok) sessions.add(session);
          else {
            refused.add(session);
            core.clock.setTimeout(() => session.terminate(), REFUSED_CLOSE_TIMEOUT_MS);
          }
        } catch (error) {
          core.log.event({
            event: 'live.internal-error',
            message: error instanceof Error ? error.message : String(error),
          });
          ws.terminate();
        }
      });
    } catch (error) {
      core.log.event({ event: 'live.internal-error', message: error instanceof Error ? error.message : String(error) });
      socket.destroy();
    }
  };
  core.server.on('upgrade', onUpgrade);

  const reset = async (viewer: Viewer): Promise<void> => {
    const mine = [...sessions].filter((s) => sees(viewer, s.stats.owner));
    if (mine.length > 0) {
      const ended = mine.map((session) => new Promise<void>((resolve) => closedWaiters.set(session, resolve)));
      for (const session of mine) session.close({ code: CloseCode.goingAway, reason: Reason.reset });
      const cancelGrace = core.clock.setTimeout(() => mine.forEach((s) => s.terminate()), CLOSE_GRACE_MS);
      await Promise.all(ended);
      cancelGrace();
    }
    book.forgetClosed(viewer);
    registry.forget(viewer);
  };

  return {
    reset,
    async close() {
      closing = true;
      stopSweeper();
      core.server.off('upgrade', onUpgrade);
      if (sessions.size > 0 || refused.size > 0) {
        const done = new Promise<void>((resolve) => drained.push(resolve));
        for (const session of sessions) session.close({ code: CloseCode.goingAway, reason: Reason.shutdown });
        // A peer that never answers the close frame must not hold shutdown up.
        const cancelGrace = core.clock.setTimeout(
          () => [...sessions, ...refused].forEach((s) => s.terminate()),
          CLOSE_GRACE_MS,
        );
        await done;
        cancelGrace();
      }
      wss.close();
      refusing.close();
    },
  };
}
