// One shutdown path for every HTTP server gemtoken runs (`serve`, and the emulator plain, recording
// and replaying). Node's own server.close() waits for every connection and closeIdleConnections()
// skips a client that has sent half a request line (slowloris) or half a body: either one held a
// stop for as long as Node's timeouts (30 s and more). Here, on close():
//   - the server stops accepting;
//   - connections with no request, or whose request is not fully received, are destroyed at once
//     (a WebSocket is left to its owner, which sends 1001 going away);
//   - requests fully received (work in flight) get `graceMs` to be answered, and `connection: close`;
//   - then `onGraceEnd` runs (abort upstream requests), what is still unanswered gets the server's
//     own 503 (`answerCut`), and every socket left (WebSockets included) is destroyed.
// With `answerTimedOut`, a request whose headers came but whose body did not within requestTimeout
// is answered through its own response too, instead of Node's bare 408 written on the socket. Both
// go through the request's ServerResponse, so headers its handler set (serve's CORS) go with them,
// and answeredBecause(res) tells the handler's log line why.
// Generic and protocol-free: the emulator imports it too (test/unit/emulator/fence.test.ts).

import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Work in flight gets this long after the first signal: the whole stop fits in one second. */
export const SHUTDOWN_GRACE_MS = 500;
/** A cut request's 503 gets this long to reach the client before its socket is destroyed. */
const CUT_FLUSH_MS = 100;
/**
 * How often Node checks `headersTimeout`/`requestTimeout`. Its default (30 s) let a 5 s header
 * limit close at 27–30 s; checked this often, a limit closes within half a second of its value.
 */
export const TIMEOUT_CHECK_MS = 500;

/** Server options whose timeouts close when they say (pass to http.createServer). */
export function timeoutOptions(headersTimeoutMs: number, requestTimeoutMs: number): ServerOptions {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  };
}

export type Cancel = () => void;

export interface GracefulCloseOptions {
  /** Defaults to SHUTDOWN_GRACE_MS. */
  readonly graceMs?: number;
  /** Answers a request the grace cut before its answer started: a 503 in the server's own format. */
  readonly answerCut: (res: ServerResponse) => void;
  /** Answers a request whose body did not all arrive within requestTimeout: a 408 in the server's own format. */
  readonly answerTimedOut?: (res: ServerResponse) => void;
  /** Runs once when the grace ends with work still in flight: abort upstream requests. */
  readonly onGraceEnd?: () => void;
  /** The timer (tests inject a hand-driven one). */
  readonly setTimer?: (fn: () => void, ms: number) => Cancel;
}

export interface GracefulClose {
  /** True once close() was called. */
  readonly closing: boolean;
  /** Resolves when every connection has ended; calling it again returns the same promise. */
  close(): Promise<void>;
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

const realTimer = (fn: () => void, ms: number): Cancel => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

/** Tracks `server`'s connections from now on; attach it before the server listens. */
export function gracefulClose(server: Server, options: GracefulCloseOptions): GracefulClose {
  const setTimer = options.setTimer ?? realTimer;
  const sockets = new Set<Socket>();
  const exchanges = new Map<Socket, Exchange>();
  let closing: Promise<void> | undefined;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      exchanges.delete(socket);
    });
    // Accepted in the same turn as the signal: nothing of it can be in flight yet.
    if (closing) socket.destroy();
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const exchange = { req, res };
    exchanges.set(req.socket, exchange);
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => {
      if (exchanges.get(req.socket) === exchange) exchanges.delete(req.socket);
      // Answered during the stop: nothing more will come on this connection.
      if (closing) req.socket.destroySoon();
    });
  });

  const cutUnfinished = (): void => {
    for (const socket of sockets) {
      // A WebSocket: its owner sends 1001 and waits for the answer within the grace.
      if (upgraded.has(socket)) continue;
      const exchange = exchanges.get(socket);
      // No request (idle keep-alive, or headers still coming) or a body still coming: nothing to finish.
      if (exchange === undefined || !exchange.req.complete) socket.destroy();
      // In flight: answered within the grace, then the connection ends.
      else exchange.res.shouldKeepAlive = false;
    }
  };

  const upgraded = followUpgrades(server);
  if (options.answerTimedOut) {
    const answerTimedOut = options.answerTimedOut;
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      const res = exchanges.get(socket)?.res;
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && res && !res.headersSent) {
        return answer(res, answerTimedOut, socket, `request not received within ${server.requestTimeout / 1000}s`);
      }
      // What Node answers when no one listens (no request to answer through: a bad or slow request line).
      if (socket.writable && !res?.headersSent) socket.write(NODE_ANSWERS[error.code ?? ''] ?? BAD_REQUEST);
      socket.destroy();
    });
  }

  const cutInFlight = (): void => {
    try {
      options.onGraceEnd?.();
    } finally {
      for (const [socket, { res }] of exchanges) {
        if (res.headersSent) socket.destroy();
        else answer(res, options.answerCut, socket, 'cut by shutdown');
      }
    }
  };

  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      let left = true;
      const done = (): void => {
        left = false;
        cancelGrace();
        cancelFlush();
        resolve();
      };
      // Node's callback fires once every connection has ended; "not listening" only means done too.
      server.close(() => done());
      cutUnfinished();
      let cancelFlush: Cancel = () => undefined;
      const cancelGrace = setTimer(() => {
        if (!left) return;
        cutInFlight();
        cancelFlush = setTimer(() => sockets.forEach((socket) => socket.destroy()), CUT_FLUSH_MS);
      }, options.graceMs ?? SHUTDOWN_GRACE_MS);
    }));

  return {
    get closing() {
      return closing !== undefined;
    },
    close,
  };
}

/**
 * The sockets Node handed to an 'upgrade' listener. Ours is there only while someone else's is: with
 * none, Node answers an Upgrade request as a plain request, and a listener of ours would swallow it.
 */
function followUpgrades(server: Server): WeakSet<Socket> {
  const upgraded = new WeakSet<Socket>();
  const mark = (_req: IncomingMessage, socket: Socket): void => void upgraded.add(socket);
  const others = (): boolean => server.listeners('upgrade').some((listener) => listener !== mark);
  server.on('newListener', (event: string | symbol, listener: unknown) => {
    if (event === 'upgrade' && listener !== mark && !server.listeners('upgrade').includes(mark))
      server.prependListener('upgrade', mark);
  });
  server.on('removeListener', (event: string | symbol) => {
    if (event === 'upgrade' && !others()) server.off('upgrade', mark);
  });
  return upgraded;
}

const reasons = new WeakMap<ServerResponse, string>();

/** Why the server answered `res` itself ('cut by shutdown', the request timeout), if it did. */
export function answeredBecause(res: ServerResponse): string | undefined {
  return reasons.get(res);
}

const NODE_ANSWERS: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/** The connection ends once this answer is sent (Node ends it after a response that does not keep alive). */
function answer(res: ServerResponse, write: (res: ServerResponse) => void, socket: Socket, reason: string): void {
  try {
    reasons.set(res, reason);
    res.shouldKeepAlive = false;
    write(res);
  } catch {
    socket.destroy();
  }
}
