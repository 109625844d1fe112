// A hostile server's endless reply body, shared by the memory-* security tests.

import type { ServerResponse } from 'node:http';

/** Streams `total` bytes of a JSON-looking body as fast as the reader takes them; counts what it wrote. */
export function endlessBody(
  res: ServerResponse,
  total: number,
  sent: { bytes: number },
  headers: Record<string, string> = {},
): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  res.write('{"name":"');
  const pump = (): void => {
    while (sent.bytes < total && !res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('error', () => undefined);
  pump();
}
