// A fetch() into the emulator's own request listener, for a caller in the same process (`gemtoken
// serve --emulator` mints through it): the request never touches a socket, yet it goes through the
// very listener the HTTP server calls (router.ts: CORS, routes, faults, key checks, token store,
// the request log line, the last-resort guard), so status, headers and body are those HTTP gives,
// minus what the transport adds (date, connection, keep-alive). The listener sees a readable
// request and a response that keeps what is written; the emulator reads nothing else of them.

import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { definedProps } from '../../defined-props.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type Headers = Record<string, string | number | readonly string[]>;

/** What the listener writes, kept until end() turns it into a Response. */
class HeldResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  private readonly headers: Record<string, string> = {};

  constructor(
    private readonly resolve: (response: Response) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super();
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    return this;
  }

  writeHead(status: number, headers: Headers = {}): this {
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }

  end(body?: string | Uint8Array): this {
    if (this.destroyed) return this;
    this.headersSent = true;
    this.destroyed = true;
    const status = this.statusCode;
    const empty = status === 204 || status === 205 || status === 304;
    try {
      this.resolve(new Response(empty ? null : (body ?? ''), { status, headers: this.headers }));
    } catch (error) {
      this.reject(new TypeError('fetch failed', { cause: error }));
    }
    this.emit('finish');
    this.emit('close');
    return this;
  }

  /** The caller gave up (its timeout, Ctrl-C): what HTTP shows as a closed connection. */
  abandon(reason: unknown): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.reject(reason);
    this.emit('close');
  }
}

function heldRequest(method: string, url: URL, headers: Record<string, string>, body: Buffer): IncomingMessage {
  const req = new Readable({ read: () => undefined });
  if (body.length > 0) req.push(body);
  req.push(null);
  return Object.assign(req, { method, url: `${url.pathname}${url.search}`, headers }) as unknown as IncomingMessage;
}

async function parts(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<{ method: string; url: URL; headers: Record<string, string>; body: Buffer; signal?: AbortSignal }> {
  const headers: Record<string, string> = {};
  const simple = typeof input === 'string' || input instanceof URL;
  const body = init.body;
  if (simple && (body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array)) {
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const bytes = body === undefined || body === null ? Buffer.alloc(0) : Buffer.from(body);
    const signal = init.signal ?? undefined;
    return { method: init.method ?? 'GET', url: new URL(input), headers, body: bytes, ...definedProps({ signal }) };
  }
  const request = new Request(input, init);
  request.headers.forEach((value, name) => (headers[name] = value));
  const bytes = Buffer.from(await request.arrayBuffer());
  return { method: request.method, url: new URL(request.url), headers, body: bytes, signal: request.signal };
}

/** `fetch` for `listener`: the URL's path and query are routed, its origin is not looked at. */
export function inProcessFetch(listener: Listener): typeof globalThis.fetch {
  return async (input, init) => {
    const { method, url, headers, body, signal } = await parts(input, init);
    if (signal?.aborted) throw abortReason(signal);
    headers.host ??= url.host;
    if (body.length > 0 || (init?.body ?? undefined) !== undefined) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const res = new HeldResponse(resolve, reject);
      const onAbort = (): void => res.abandon(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      res.once('close', () => signal?.removeEventListener('abort', onAbort));
      listener(heldRequest(method, url, headers, body), res as unknown as ServerResponse);
    });
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
