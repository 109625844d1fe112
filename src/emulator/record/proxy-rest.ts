// --record, REST half: every HTTP request is forwarded to the upstream as the client sent it (the
// upstream needs the real key) and both the request and the answer go to rest.ndjson; the client
// gets the upstream's status, body and the headers that matter (CORS included). "t" counts from
// this recorder's start: a later recording appended to the file starts it at 0 again.

import type { EmulatorClock } from '../clock.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REPLY_BYTES, readReply } from '../../bounded-read.js';
import type { EmulatorLog } from '../core.js';
import { KEPT_RESPONSE_HEADERS, bodyField } from './cassette.js';
import type { CassetteFile } from './writer.js';

/**
 * How long a proxied request waits for the upstream's whole answer before the client gets 504: longer
 * than gemtoken's own clients wait for a mint (30 s an attempt), so the recorder never cuts one a
 * client is still waiting for, and bounded, so a silent upstream cannot hold a client forever.
 */
export const RECORD_UPSTREAM_TIMEOUT_MS = 60_000;

const HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'accept-encoding',
]);
const MAX_BODY = 16 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body over 16 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface RestProxyOptions {
  readonly upstream: URL;
  readonly file: CassetteFile;
  /** Called with each request as it arrives, before its body is read: the keys it carries (writer.ts). */
  readonly learn: (path: string, headers: Readonly<Record<string, string>>) => void;
  readonly log: EmulatorLog;
  readonly monotonic: () => number;
  /** The highest id rest.ndjson already holds; ids count on from it, so each pairs one request with one answer across recordings. */
  readonly idsBefore: number;
  /** Aborted when the emulator's stop cuts what is still in flight (graceful-close.ts). */
  readonly stop?: AbortSignal;
  /** RECORD_UPSTREAM_TIMEOUT_MS unless set (tests shorten it). */
  readonly timeoutMs?: number;
  readonly clock: Pick<EmulatorClock, 'setTimeout'>;
}

export function restProxy({
  upstream,
  file,
  learn,
  log,
  monotonic,
  idsBefore,
  stop,
  timeoutMs = RECORD_UPSTREAM_TIMEOUT_MS,
  clock,
}: RestProxyOptions) {
  const started = monotonic();
  let ids = idsBefore;
  return (req: IncomingMessage, res: ServerResponse): void => {
    // A browser's CORS preflight goes to the upstream (the real service answers CORS itself) but not
    // to the cassette: whether one is sent depends on the browser's cache, and --replay answers them.
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    const id = preflight ? 0 : ++ids;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    learn(req.url ?? '/', headers);
    const target = new URL(req.url ?? '/', upstream);
    // Made when the client's body is in: the wait is the upstream's alone.
    let wait: UpstreamWait | undefined;
    void (async () => {
      const body = await readBody(req);
      const text = body.toString('utf8');
      if (!preflight)
        file.write({
          t: Math.round(monotonic() - started),
          dir: 'client',
          kind: 'rest-request',
          id,
          method: req.method,
          path: req.url ?? '/',
          headers,
          ...bodyField(text),
        });
      const method = req.method ?? 'GET';
      wait = upstreamWait(timeoutMs, stop, clock);
      const answer = await fetch(target, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
        signal: wait.signal,
      });
      // At most MAX_REPLY_BYTES (a Content-Length over it is refused unread): past it the client gets 502 below.
      const reply = (
        await readReply(answer, MAX_REPLY_BYTES).catch((error: unknown) =>
          Promise.reject(new Error(`reply ${(error as Error).message}`)),
        )
      ).toString('utf8');
      const kept: Record<string, string> = {};
      for (const name of KEPT_RESPONSE_HEADERS) {
        const value = answer.headers.get(name);
        if (value !== null) kept[name] = value;
      }
      if (!preflight)
        file.write({
          t: Math.round(monotonic() - started),
          dir: 'server',
          kind: 'rest-response',
          id,
          status: answer.status,
          headers: kept,
          ...bodyField(reply),
        });
      // The client also gets the upstream's whole CORS answer (allowed methods, headers, max-age, vary).
      const cors: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name.startsWith('access-control-') || name === 'vary') cors[name] = value;
      });
      res.writeHead(answer.status, { ...cors, ...kept }).end(reply);
    })()
      .catch((error: unknown) => {
        if (wait?.timedOut()) {
          log.event({
            event: 'record.upstream-timeout',
            request: `${req.method ?? 'GET'} ${target.pathname}`,
            waitedMs: timeoutMs,
          });
          return answerOwn(
            req,
            res,
            504,
            `the upstream did not answer within ${timeoutMs / 1000}s`,
            'DEADLINE_EXCEEDED',
          );
        }
        const message = error instanceof Error ? error.message : String(error);
        log.event({ event: 'record.upstream-error', path: target.pathname, message });
        answerOwn(req, res, 502, `the upstream failed: ${message}`, 'UNAVAILABLE');
      })
      .finally(() => wait?.done());
  };
}

/** The recorder's own answer, in the API's error format: a page must be able to read it too. */
function answerOwn(req: IncomingMessage, res: ServerResponse, code: number, message: string, status: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(code, {
    'content-type': 'application/json; charset=UTF-8',
    'access-control-allow-origin': req.headers.origin ?? '*',
  });
  res.end(JSON.stringify({ error: { code, message: `gemtoken recorder: ${message}`, status } }));
}

interface UpstreamWait {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  done(): void;
}

/** One request's abort: the stop's, or its own after `timeoutMs` (timedOut() tells which). */
function upstreamWait(
  timeoutMs: number,
  stop: AbortSignal | undefined,
  clock: Pick<EmulatorClock, 'setTimeout'>,
): UpstreamWait {
  const abort = new AbortController();
  let expired = false;
  const onStop = (): void => abort.abort();
  if (stop?.aborted) abort.abort();
  stop?.addEventListener('abort', onStop, { once: true });
  const cancel = clock.setTimeout(() => {
    expired = !abort.signal.aborted;
    abort.abort();
  }, timeoutMs);
  return {
    signal: abort.signal,
    timedOut: () => expired,
    done: (): void => {
      cancel();
      stop?.removeEventListener('abort', onStop);
    },
  };
}
