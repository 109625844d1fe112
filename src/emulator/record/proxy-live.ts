// --record, Live half: a WebSocket upgrade on a Live route opens the same target on the upstream
// (headers and query as the client sent them), and only when the upstream accepts is the client's
// upgrade completed; a refusal (status, the headers clients act on, body) is passed back as it came
// and written to a cassette of its own (open + refused), so --replay refuses again. Then every frame is relayed
// both ways unchanged and written to the session's cassette with its time; the first close (code and
// reason) is passed to the other side and recorded.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { readAll, TooLargeError } from '../../bounded-read.js';
import type { EmulatorLog } from '../core.js';
import { answerUpgrade, refuseUpgrade, upgradeServer } from '../live/upgrade.js';
import { parseLiveRoute } from '../live/route.js';
import {
  KEPT_RESPONSE_HEADERS,
  bodyField,
  dropAudio,
  framePayload,
  type CassetteLine,
  type Direction,
} from './cassette.js';
import type { CassetteFile } from './writer.js';

const HOP = new Set([
  'host',
  'connection',
  'upgrade',
  'content-length',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

export interface LiveProxyOptions {
  readonly upstream: URL;
  readonly recordAudio: boolean;
  readonly maxFrameBytes: number;
  readonly log: EmulatorLog;
  readonly monotonic: () => number;
  readonly newFile: () => CassetteFile;
  /** Called with each upgrade as it arrives, long before its open line is written (after the upstream's answer): the keys it carries. */
  readonly learn: (path: string, headers: Readonly<Record<string, string>>) => void;
}

/** Larger than any error body; what a refusal can make the recorder hold. */
const MAX_REFUSAL_BYTES = 64 * 1024;

/** The upstream's refusal body; undefined when it is over MAX_REFUSAL_BYTES (the client gets 502 instead). */
function readRefusal(response: IncomingMessage): Promise<string | undefined> {
  return readAll(response, undefined, { limit: MAX_REFUSAL_BYTES }).then(
    (body) => body.toString('utf8'),
    (error: unknown) => (error instanceof TooLargeError ? undefined : ''),
  );
}

const toBuffer = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);

/** Codes a peer may not send in a close frame: the other side gets a bare close or a cut. */
function passClose(ws: WebSocket, code: number, reason: string): void {
  if (code === 1006) return void ws.terminate();
  if (code === 1005 || code < 1000 || code === 1015) return void ws.close();
  ws.close(code, reason);
}

export function liveProxy(options: LiveProxyOptions) {
  const wss = upgradeServer(options.maxFrameBytes);
  const open = new Set<WebSocket>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const target = request.url ?? '/';
    if (!parseLiveRoute(target, request.headers))
      return refuseUpgrade(socket, 404, 'Not Found: no Live API method at this path.');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    options.learn(target, headers);
    const url = new URL(target.replace(/^\/{2,}/, '/'), options.upstream);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const upstream = new WebSocket(url, { headers, perMessageDeflate: false, maxPayload: options.maxFrameBytes });
    let answered = false;
    const started = options.monotonic();
    upstream.on('unexpected-response', (_req, response) => {
      answered = true;
      void readRefusal(response).then((body) => {
        if (body === undefined) {
          options.log.event({
            event: 'record.upstream-error',
            message: `refusal body larger than ${MAX_REFUSAL_BYTES} bytes`,
          });
          upstream.terminate();
          return refuseUpgrade(socket, 502, 'The upstream answered with a refusal too large to record.');
        }
        const status = response.statusCode ?? 502;
        const kept: Record<string, string> = {};
        for (const name of KEPT_RESPONSE_HEADERS) {
          const value = response.headers[name];
          if (typeof value === 'string') kept[name] = value;
        }
        // A refusal is a session the upstream did not open: its own cassette, so replay meets it in order.
        const file = options.newFile();
        file.write({ t: 0, dir: 'client', kind: 'open', path: target, headers });
        file.write({
          t: Math.round(options.monotonic() - started),
          dir: 'server',
          kind: 'refused',
          status,
          headers: kept,
          ...bodyField(body),
        });
        file.end();
        options.log.event({ event: 'record.refused', file: file.name, answer: status });
        answerUpgrade(socket, status, kept, body);
        upstream.terminate();
      });
    });
    upstream.on('error', (error) => {
      if (answered) return;
      answered = true;
      options.log.event({ event: 'record.upstream-error', message: error.message });
      refuseUpgrade(socket, 503, 'The upstream could not be reached.');
    });
    upstream.once('open', () => {
      answered = true;
      wss.handleUpgrade(request, socket, head, (client) => relay(client, upstream, target, headers, options, open));
    });
  };
  return {
    onUpgrade,
    close(): void {
      for (const ws of open) ws.close(1001, 'The recorder is shutting down.');
      wss.close();
    },
  };
}

function relay(
  client: WebSocket,
  upstream: WebSocket,
  path: string,
  headers: Record<string, string>,
  options: LiveProxyOptions,
  open: Set<WebSocket>,
): void {
  const file = options.newFile();
  const started = options.monotonic();
  const t = (): number => Math.round(options.monotonic() - started);
  open.add(client).add(upstream);
  options.log.event({ event: 'record.session', file: file.name });
  file.write({ t: 0, dir: 'client', kind: 'open', path, headers });
  let closedBy: Direction | undefined;
  const pipe = (from: WebSocket, to: WebSocket, dir: Direction): void => {
    from.on('message', (data, binary) => {
      const bytes = toBuffer(data);
      const at = t();
      // Relay first, record after: the cassette's work (parsing, redaction, a file write that wakes
      // a libuv worker) must not stand between the peers (bench row 11 measures what is left).
      if (to.readyState === WebSocket.OPEN) to.send(bytes, { binary });
      const payload = framePayload(bytes, binary);
      const json =
        options.recordAudio || !('json' in payload) ? payload : { ...payload, json: dropAudio(payload['json']) };
      file.write({ t: at, dir, kind: 'frame', ...json } as CassetteLine);
    });
    from.on('close', (code, reasonBuffer) => {
      open.delete(from);
      const reason = reasonBuffer.toString('utf8');
      if (closedBy === undefined) {
        closedBy = dir;
        file.write({ t: t(), dir, kind: 'close', code, reason });
        options.log.event({ event: 'record.close', file: file.name, by: dir, code });
        file.end();
      }
      if (to.readyState === WebSocket.OPEN || to.readyState === WebSocket.CONNECTING) passClose(to, code, reason);
    });
    from.on('error', () => undefined);
  };
  pipe(client, upstream, 'client');
  pipe(upstream, client, 'server');
}
