// Fixtures for the security suite: a canary API key that must never appear in any output,
// and hostile peers — an HTTP server and a WebSocket server that answer whatever a case scripts —
// for `mint --base-url` / `talk --base-url` to meet instead of the emulator.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { expect } from 'vitest';

/** Looks like a real key (39 characters, AIza prefix) so every redaction path treats it as one. */
export const CANARY_KEY = 'AIzaSyCanary-9f3e2d1c0b7a6958473625140q';

/** The key in every form it could leak in: as is, URL-encoded, base64 and base64url at each alignment, re-cased, split. */
export function canaryForms(key: string = CANARY_KEY): string[] {
  const b64 = [0, 1, 2].map((offset) => {
    const whole = Buffer.concat([Buffer.alloc(offset), Buffer.from(key)]).toString('base64');
    return whole.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + key.length) * 8) / 6));
  });
  const url = b64.map((form) => form.replace(/\+/g, '-').replace(/\//g, '_'));
  return [
    key,
    encodeURIComponent(key),
    ...b64,
    ...url,
    key.slice(0, 24),
    key.toLowerCase(),
    key.toUpperCase(),
    [...key].join(' '),
  ];
}

/** Case and separators dropped: a re-cased or split key is still the key to whoever reads it. */
const skeleton = (text: string): string => text.replace(/[\s._\-:/]+/g, '').toLowerCase();

/** Fails naming where the key (in any form) appeared: stdout, stderr, a file, a child's argv or env. */
export function expectNoCanary(outputs: Record<string, string | Buffer>, key: string = CANARY_KEY): void {
  const leaks = Object.entries(outputs).flatMap(([where, text]) => {
    const body = skeleton(typeof text === 'string' ? text : text.toString('latin1'));
    return canaryForms(key)
      .filter((form) => body.includes(skeleton(form)))
      .map((form) => `${where} contains ${form === key ? 'the key' : `a form of the key (${form.slice(0, 8)}…)`}`);
  });
  expect(leaks).toEqual([]);
}

export interface HostilePeer {
  readonly baseUrl: string;
  /** Every request seen: method, url, headers, body. */
  readonly requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

export type HttpScript = (req: IncomingMessage & { body: string }, res: ServerResponse) => void;

/** An HTTP server on 127.0.0.1:0 that answers every request with `script`. */
export async function hostileHttp(script: HttpScript): Promise<HostilePeer> {
  const requests: HostilePeer['requests'] = [];
  return listen(createServer(recorded(requests, script)), requests);
}

/** A request listener that reads the whole body, records the request, then runs `script`. */
function recorded(
  requests: HostilePeer['requests'],
  script: HttpScript,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      script(Object.assign(req, { body }), res);
    });
  };
}

export type WsScript = (socket: WebSocket, req: IncomingMessage) => void;

/**
 * A WebSocket server (any path) on 127.0.0.1:0 that runs `script` for each connection; plain HTTP
 * requests get 404, or `http`'s answer (a peer that mints and then serves the Live socket).
 */
export async function hostileWs(script: WsScript, http?: HttpScript): Promise<HostilePeer> {
  const requests: HostilePeer['requests'] = [];
  const server = createServer(http ? recorded(requests, http) : (_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    requests.push({ method: 'GET', url: req.url ?? '', headers: req.headers, body: '' });
    script(socket, req);
  });
  const peer = await listen(server, requests);
  return {
    ...peer,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await peer.close();
    },
  };
}

async function listen(server: Server, requests: HostilePeer['requests']): Promise<HostilePeer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
