// A fetch() for the simple requests gemtoken makes (string URL, plain headers, string body), sent
// with node:http(s) and keep-alive agents. Why not the global fetch: on Node 20 its first call loads
// and compiles undici (~100 ms, most of a one-token mint) and each request then costs ~1.8 ms of CPU
// against ~0.3 ms here (`npm run bench` rows 2 and 3). Anything else (Request objects,
// streamed or form bodies, other schemes) goes to the global fetch unchanged.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ByteCap, declaredOver, MAX_REPLY_BYTES, TooLargeError } from '../../bounded-read.js';
import { INVALID_STATUS } from './mint-attempt.js';

let agents: { http: HttpAgent; https: HttpsAgent } | undefined;

export { INVALID_STATUS };

type Body = string | Uint8Array | undefined;

function simpleBody(body: unknown): body is Body {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

export const nodeFetch: typeof globalThis.fetch = (input, init = {}) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
  if (url === undefined || !/^https?:/i.test(url) || !simpleBody(init.body)) return globalThis.fetch(input, init);
  return send(new URL(url), init, (init.body ?? undefined) as Body);
};

function send(url: URL, init: RequestInit, body: Body): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  agents ??= { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (body !== undefined)
    headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    const options = { method: init.method ?? 'GET', headers, agent: secure ? agents!.https : agents!.http };
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res) =>
      collect(res, resolve, (error) => {
        // Past the cap: stop the transfer at once (the socket is not reused), never buffer the rest.
        req.destroy();
        reject(error);
      }),
    );
    const onAbort = (): void => {
      req.destroy();
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (error) => {
      if (signal?.aborted) return reject(abortReason(signal));
      // A kept-alive socket the server closed as idle while this request was on its way: the server
      // read none of it, so it goes again on a fresh socket, unseen (Node's documented remedy for
      // `reusedSocket`). Each stale socket is gone after its error, so this ends.
      if (req.reusedSocket && !answered && isReset(error)) return send(url, init, body).then(resolve, reject);
      // The same shape as undici's failures: "fetch failed" with the system error (ECONNREFUSED…) as cause.
      reject(new TypeError('fetch failed', { cause: error }));
    });
    req.end(body);
  });
}

/**
 * The whole reply, at most MAX_REPLY_BYTES (bounded-read.ts): a Content-Length over it is refused
 * before a byte is read, a longer body at its first chunk past the cap ("fetch failed" with a
 * TooLargeError cause, which mint-attempt.ts reports as a reply too large).
 */
function collect(res: IncomingMessage, resolve: (r: Response) => void, reject: (e: unknown) => void): void {
  const cap = new ByteCap(MAX_REPLY_BYTES);
  const tooLarge = (): void => reject(new TypeError('fetch failed', { cause: new TooLargeError(MAX_REPLY_BYTES) }));
  if (declaredOver(res.headers['content-length'], MAX_REPLY_BYTES)) return tooLarge();
  res.on('data', (chunk: Buffer) => {
    if (!cap.add(chunk)) tooLarge();
  });
  res.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    const headers = new Headers();
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
    // Response() refuses any status outside 200–599 (a hostile or broken server can send 700): say so
    // with the status, so the mint reports it and does not retry it as a network failure.
    if (status < 200 || status > 599) {
      res.resume();
      return reject(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error(`invalid HTTP status ${status}`), { code: INVALID_STATUS, status }),
        }),
      );
    }
    // Response() refuses a body for these statuses.
    const nullBody = status === 204 || status === 205 || status === 304;
    try {
      resolve(new Response(nullBody ? null : cap.bytes(), { status, statusText: res.statusMessage ?? '', headers }));
    } catch (error) {
      reject(new TypeError('fetch failed', { cause: error }));
    }
  });
}

const isReset = (error: NodeJS.ErrnoException): boolean => error.code === 'ECONNRESET' || error.code === 'EPIPE';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
