// Small request/response helpers for the token handler: JSON replies that are never cached, and a
// request body read with a hard size limit (the body is not used; the limit keeps a client from
// making us buffer).

import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024;

/**
 * `scrub`: the handler's registry (the key and the bearer secret in every form); every answer passes
 * it, header values included, whatever path a value took to get there.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  scrub: (text: string) => string = (text) => text,
): void {
  const text = scrub(JSON.stringify(body));
  res.writeHead(status, {
    ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, scrub(value)])),
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    // Tokens are credentials: no shared cache or browser cache keeps one.
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Resolves true once the whole body is read within the limit; false when it is over (nothing more is read). */
export function readSmallBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<boolean> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return;
      req.off('data', onData);
      req.pause();
      resolve(false);
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('error', () => resolve(false));
    req.once('aborted', () => resolve(false));
  });
}
