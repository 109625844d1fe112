// Answering an upgrade request with plain HTTP instead of a WebSocket: the client sees
// "Unexpected server response: N" and a 1006 close (protocol.md §2.8).

import type { Duplex } from 'node:stream';

const STATUS_TEXT: Readonly<Record<number, readonly [text: string, status: string]>> = {
  404: ['Not Found', 'NOT_FOUND'],
  429: ['Too Many Requests', 'RESOURCE_EXHAUSTED'],
  503: ['Service Unavailable', 'UNAVAILABLE'],
};

export function refuseUpgrade(socket: Duplex, code: number, message: string, retryAfterSeconds?: number): void {
  const [text, status] = STATUS_TEXT[code] ?? ['Error', 'UNKNOWN'];
  const body = JSON.stringify({ error: { code, message, status } });
  const headers = [
    `HTTP/1.1 ${code} ${text}`,
    'Content-Type: application/json; charset=UTF-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(retryAfterSeconds !== undefined ? [`Retry-After: ${retryAfterSeconds}`] : []),
    'Connection: close',
  ];
  if (!socket.writable) return void socket.destroy();
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
