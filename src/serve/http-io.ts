// JSON replies of the Node side of the token server (handler.ts, `gemtoken serve`'s stop and timeout
// answers) that are never cached; the token answers themselves come from token-core.ts.

import type { ServerResponse } from 'node:http';

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
