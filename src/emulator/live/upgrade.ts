// The two answers to a WebSocket upgrade on the emulator's HTTP server, for the Live half and for
// --record and --replay alike: complete it (upgradeServer), or answer with plain HTTP instead of a
// WebSocket, which the client sees as "Unexpected server response: N" and a 1006 close.

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

/**
 * Completes the upgrades the HTTP server's 'upgrade' handler hands it (noServer), each frame at most
 * `maxPayload` bytes. No permessage-deflate (frames travel uncompressed) and no client tracking:
 * each caller keeps its own set of open sockets, to close them on reset or shutdown.
 */
export const upgradeServer = (maxPayload: number): WebSocketServer =>
  new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false, clientTracking: false });

const STATUS: Readonly<Record<number, string>> = { 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' };

/** The HTTP answer as given (a recorder passing the upstream's on, a replayer repeating it). */
export function answerUpgrade(
  socket: Duplex,
  code: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): void {
  // A header line that could break the response (a hand-edited cassette) is dropped, not sent.
  const safe = Object.entries(headers).filter(
    ([name, value]) =>
      /^[A-Za-z0-9-]+$/.test(name) &&
      !/[\r\n]/.test(value) &&
      !/^(content-length|connection|transfer-encoding)$/i.test(name),
  );
  const head = [
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}`,
    ...safe.map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  if (!socket.writable) return void socket.destroy();
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

export function refuseUpgrade(socket: Duplex, code: number, message: string, retryAfterSeconds?: number): void {
  const body = JSON.stringify({ error: { code, message, status: STATUS[code] ?? 'UNKNOWN' } });
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  answerUpgrade(socket, code, headers, body);
}
