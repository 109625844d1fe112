// serveTokens()'s Node `http` request listener: an adapter over the Fetch core (token-core.ts). POST
// and OPTIONS /token become a Request (with the few headers the core reads and a body stream the core
// stops reading at its limit) and the core's Response is written back; /healthz, the built-in page and
// 404 are answered here, and one log line per request is written when the response closes.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { answeredBecause } from '../graceful-close.js';
import { clientAddress, rateKey, type TrustedProxies } from './client-address.js';
import { sendJson as send } from './http-io.js';
import { isLoopbackAddress, judgeOrigin } from './origin.js';
import { corsHeaders, type Answer, type TokenCore } from './token-core.js';

export type TokenListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ListenerParts {
  readonly core: TokenCore<IncomingMessage>;
  /** The `--allow-origin` list as a matcher (origin-pattern.ts), for the CORS headers of every answer. */
  readonly allowOrigins: (origin: string) => boolean;
  /** `--trust-proxy`: whose X-Forwarded-For names the client (client-address.ts). */
  readonly trustProxy?: TrustedProxies | undefined;
  readonly page?: ((path: string, res: ServerResponse) => Promise<boolean>) | undefined;
  readonly log?: ((line: string) => void) | undefined;
  /** Applied to every log line (the key, tokens). */
  readonly redact: (text: string) => string;
  /** Applied to every answer written here (the key and the bearer secret). */
  readonly redactAnswer: (text: string) => string;
}

/** The request headers the core reads (token-core.ts, origin.ts): only these are copied into the Request. */
const CORE_HEADERS = ['origin', 'host', 'authorization', 'content-length', 'access-control-request-private-network'];

export function createTokenListener(parts: ListenerParts): TokenListener {
  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
    send(res, status, body, headers, parts.redactAnswer);

  const route = async (req: IncomingMessage, res: ServerResponse, path: string | undefined): Promise<string> => {
    const loopbackSocket = isLoopbackAddress(req.socket.localAddress);
    const origin = req.headers.origin;
    const verdict = judgeOrigin(origin, req.headers.host, parts.allowOrigins, loopbackSocket);
    // Set on the response, not per answer: every answer to an allowed page carries them, including
    // those written by the server itself (the stop's 503, the request timeout's 408: graceful-close.ts),
    // so the page sees the status it can retry instead of a CORS error.
    for (const [name, value] of Object.entries(corsHeaders(verdict, origin ?? null))) res.setHeader(name, value);
    if (path === '/token') {
      const client = rateKey(clientAddress(req, parts.trustProxy));
      const answer = await parts.core(toRequest(req, path), { client, loopbackSocket, source: req });
      writeAnswer(answer, res);
      return answer.note;
    }
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) sendJson(res, 200, { ok: true });
    else if (req.method === 'GET' && path !== undefined && parts.page && (await parts.page(path, res))) return '';
    else sendJson(res, 404, { error: 'not found' });
    return '';
  };

  return (req, res) => {
    const started = performance.now();
    const path = pathOf(req.url);
    let note = '';
    res.once('close', () => {
      if (!parts.log) return;
      const ms = Math.round(performance.now() - started);
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      const why = answeredBecause(res) ?? note;
      const line = `${req.method ?? '?'} ${path ?? '(bad path)'} ${status} ${ms}ms ${req.socket.remoteAddress ?? ''}${why ? ` (${why})` : ''}`;
      parts.log(parts.redact(line.replace(/\s+/g, ' ')));
    });
    route(req, res, path).then(
      (why) => (note = why),
      (error: unknown) => {
        note = `internal error: ${error instanceof Error ? error.message : String(error)}`;
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      },
    );
  };
}

function toRequest(req: IncomingMessage, path: string): Request {
  const headers = new Headers();
  for (const name of CORE_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = req.method === 'POST' && (req.headers['content-length'] ?? '0') !== '0';
  const hasStream = hasBody || req.headers['transfer-encoding'] !== undefined;
  // The path only: the core does not route, and a query string is nobody's business here.
  return new Request(`http://localhost${path}`, {
    method: req.method ?? 'GET',
    headers,
    ...(req.method === 'POST' && hasStream ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * The request's body as a stream the core pulls: paused until the core reads (rate and bearer come
 * first, so nothing is buffered for a caller they refuse) and after each chunk; cancelled (past the
 * core's limit), it stops reading and leaves the socket open for the 413.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: (chunk: Buffer) => void = () => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const end = (error?: Error): void => {
        if (!open) return;
        open = false;
        req.off('data', onData);
        if (error) controller.error(error);
        else controller.close();
      };
      onData = (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        req.pause();
      };
      req.on('data', onData);
      req.pause();
      req.once('end', () => end());
      req.once('error', (error) => end(error));
      // Destroyed: the client left, or a stop closed it before its body had all arrived.
      req.once('close', () => end(req.complete ? undefined : new Error('closed before its body arrived')));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.off('data', onData);
      req.pause();
    },
  });
}

function writeAnswer(answer: Answer, res: ServerResponse): void {
  // The server answered on its own (the stop's 503, a request timeout's 408: graceful-close.ts).
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...answer.headers };
  // Text (every answer is JSON): Node sends the head and a string body in one write, a Buffer in a writev.
  if (answer.body !== null) headers['content-length'] = String(Buffer.byteLength(answer.body));
  // An unread body is left on the socket: the connection cannot carry another request.
  if (answer.status === 413) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}

/** The path only: a query string may carry anything (even a key pasted by mistake), so it is never logged. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://x').pathname;
  } catch {
    return undefined;
  }
}
