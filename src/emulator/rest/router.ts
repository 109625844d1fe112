// The HTTP request listener: REST routes, the admin API, and a last-resort guard so that no
// request, however malformed, takes the process down (a handler bug → 500 + a log line).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { keyIndex, presentedKey, requireApiKey } from './api-key.js';
import { applyCors } from './cors.js';
import type { RequestCounter } from './admin-routes.js';
import type { EmulatorCore, Viewer } from '../core.js';
import { sendJson } from './http-io.js';
import { AUTH_TOKENS_PATH, handleAuthTokens } from './token-routes.js';
import { RpcError } from './rpc-status.js';

type Note = (fields: Record<string, unknown>) => void;

/** `//v1alpha//auth_tokens` (a trailing slash on the SDK base URL) means the same as the clean path. */
export function normalizePath(rawUrl: string | undefined): URL {
  const raw = rawUrl ?? '/';
  const query = raw.indexOf('?');
  const path = (query < 0 ? raw : raw.slice(0, query)).replace(/\/{2,}/g, '/');
  try {
    return new URL(`${path}${query < 0 ? '' : raw.slice(query)}`, 'http://emulator.invalid');
  } catch {
    return new URL('/', 'http://emulator.invalid');
  }
}

/** An admin key sees everything; any other valid key only what it minted, opened, sent or queued. */
function adminViewer(core: EmulatorCore, req: IncomingMessage, url: URL): Viewer {
  if (keyIndex(core.options.adminKeys ?? [], presentedKey(req, url)) !== undefined) return { all: true };
  return { all: false, key: keyIndex(core.options.apiKeys, requireApiKey(req, url, core.options.apiKeys))! };
}

async function handleAdmin(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const viewer = adminViewer(core, req, url);
  const name = url.pathname.split('/')[2] ?? '';
  const handler = core.admin.get(name);
  if (!handler) throw new RpcError(404, `No admin route /emulator/${name}.`);
  const reply = await handler(req, url, viewer);
  sendJson(res, reply.status, reply.body, reply.headers, scrubber(core));
}

/** What every answer passes: the emulator's keys (and a recording's learned ones) in every form. */
export const scrubber =
  (core: EmulatorCore) =>
  (text: string): string =>
    core.secrets.redactKeys(text);

async function route(
  core: EmulatorCore,
  counter: RequestCounter,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  note: Note,
): Promise<void> {
  const path = url.pathname;
  if (path === '/emulator' || path.startsWith('/emulator/')) return handleAdmin(core, req, res, url);
  counter.record(path, keyIndex(core.options.apiKeys, presentedKey(req, url)));
  const match = AUTH_TOKENS_PATH.exec(path);
  if (match) return handleAuthTokens(core, req, res, url, match[1]!, note);
  req.resume();
  throw new RpcError(404, `The requested URL ${path} was not found on this server.`);
}

export function createRequestListener(core: EmulatorCore, counter: RequestCounter) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = core.clock.monotonic();
    const fields: Record<string, unknown> = {};
    const note: Note = (more) => Object.assign(fields, more);
    // Once per request: the route and the log line read the same path.
    const url = normalizePath(req.url);
    res.on('close', () => {
      core.log.event({
        event: 'request',
        method: req.method,
        path: url.pathname,
        status: res.headersSent ? res.statusCode : 'no-reply',
        ms: Math.round(core.clock.monotonic() - started),
        ...fields,
      });
    });
    if (applyCors(req, res)) return;
    route(core, counter, req, res, url, note).catch((error: unknown) => {
      if (error instanceof RpcError) {
        note({ error: error.message });
        sendJson(res, error.httpStatus, error.toBody(), error.headers, scrubber(core));
        return;
      }
      note({ error: 'internal', detail: error instanceof Error ? error.message : String(error) });
      sendJson(res, 500, new RpcError(500, 'Internal error encountered.').toBody(), {}, scrubber(core));
    });
  };
}
