// The real ProbeIo: a mint is one POST of a raw AuthToken body (no retries: a probe must see the
// service's first answer), and a Live session is a plain WebSocket, because the SDK parses frames and
// the frame-format probe needs their text exactly as it came. A refused key, a 429 or a 5xx ends the
// whole run with its usual exit code (docs/exit-codes.md); every other HTTP answer is evidence.

import WebSocket from 'ws';
import type { Context } from '../../context.js';
import type { ApiVersion } from '../../config.js';
import { NetworkError } from '../../errors.js';
import { parseJson } from '../../parse/json.js';
import { VERSION } from '../../version.js';
import { authTokensUrl } from '../../token/client/http-request.js';
import { attemptRequest } from '../../token/client/mint-attempt.js';
import { mapHttpError, parseRpcStatus } from '../../token/client/error-mapping.js';
import type { Closed, Frame, LiveProbeSession, MintReply, ProbeIo } from './probe-io.js';

export interface WireOptions {
  readonly baseUrl: string;
  readonly apiVersion: ApiVersion;
  readonly apiKey: string;
  readonly keySource: string;
  readonly model: string;
  readonly waitMs: number;
  readonly lifetimeWaitMs: number;
}

export function wireProbeIo(ctx: Context, options: WireOptions): ProbeIo {
  return {
    model: options.model,
    waitMs: options.waitMs,
    lifetimeWaitMs: options.lifetimeWaitMs,
    clock: ctx.clock,
    mint: (body) => mintRaw(ctx, options, body),
    open: (token) => openLive(ctx, liveUrl(options.baseUrl, options.apiVersion, token)),
  };
}

async function mintRaw(
  ctx: Context,
  options: WireOptions,
  body: Readonly<Record<string, unknown>>,
): Promise<MintReply> {
  const request = {
    method: 'POST' as const,
    url: authTokensUrl(options.baseUrl, options.apiVersion),
    headers: {
      'content-type': 'application/json',
      'user-agent': `gemtoken/${VERSION}`,
      'x-goog-api-key': options.apiKey,
    },
    body: JSON.stringify(body),
  };
  const result = await attemptRequest(request, options.waitMs, ctx);
  if (result.kind === 'timeout') throw new NetworkError(`no answer to POST auth_tokens within ${options.waitMs} ms`);
  if (result.kind === 'connection') throw new NetworkError(`cannot reach ${options.baseUrl}: ${result.detail}`);
  const { status, text } = result;
  if (status !== 200) {
    const error = mapHttpError(status, text, {
      keySource: options.keySource,
      attempts: 1,
      redact: (text) => ctx.secrets.redact(text),
    });
    // A refused key, no quota or an unavailable service: nothing after this could be measured.
    if (error.exitCode !== 4 || status === 429) throw error;
    return { status, message: parseRpcStatus(text).message ?? '' };
  }
  const parsed = parseJson(text);
  const name = parsed.ok ? (parsed.value as { name?: unknown } | null)?.name : undefined;
  if (typeof name !== 'string' || !name.startsWith('auth_tokens/'))
    throw new NetworkError('unexpected reply from POST auth_tokens: no token name');
  ctx.secrets.addToken(name);
  return { status, name };
}

function liveUrl(baseUrl: string, apiVersion: ApiVersion, token: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws/google.ai.generativelanguage.${apiVersion}.GenerativeService.BidiGenerateContentConstrained`;
  url.searchParams.set('access_token', token);
  return url.toString();
}

/** Frames and the close, queued as they come, handed out one at a time by next(). */
async function openLive(ctx: Context, url: string): Promise<LiveProbeSession> {
  const ws = new WebSocket(url, { maxPayload: 8 * 1024 * 1024 });
  const queue: (Frame | Closed)[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const push = (item: Frame | Closed): void => {
    queue.push(item);
    wake?.();
  };
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    const parsed = parseJson(text);
    const value = parsed.ok ? parsed.value : undefined;
    const message =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    push({ kind: 'frame', text, message });
  });
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (code, reason) => {
      push({ kind: 'closed', code, reason: reason.toString('utf8') });
      resolve();
    }),
  );
  let answered = false;
  ws.on('unexpected-response', (_request, response) => {
    answered = true;
    // The upgrade answered with plain HTTP: evidence like a close, not a network failure.
    push({ kind: 'closed', code: 0, reason: `HTTP ${response.statusCode ?? 0} at the upgrade` });
    response.resume();
    ws.terminate();
  });
  ws.on('error', (error) => {
    failure ??= error;
    wake?.();
  });
  const abort = (): void => ws.terminate();
  ctx.signal.addEventListener('abort', abort, { once: true });
  void closed.then(() => ctx.signal.removeEventListener('abort', abort));
  await new Promise<void>((resolve) => {
    ws.once('open', () => resolve());
    void closed.then(() => resolve());
  });
  if (ctx.signal.aborted) throw ctx.signal.reason;
  // No socket and no HTTP answer (refused, reset, DNS): the network, not the service's behaviour.
  if (failure && !answered && ws.readyState !== WebSocket.OPEN)
    throw new NetworkError(`cannot open the Live WebSocket: ${failure.message}`);
  return {
    send: (message) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    },
    next: async (timeoutMs) => {
      const deadline = ctx.clock.monotonic() + timeoutMs;
      for (;;) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        const item = queue.shift();
        if (item) return item;
        const left = deadline - ctx.clock.monotonic();
        if (left <= 0) return 'timeout';
        await new Promise<void>((resolve) => {
          const timer = ctx.clock.setTimeout(resolve, left);
          wake = () => {
            timer();
            resolve();
          };
        });
        wake = undefined;
      }
    },
    close: async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close(1000);
      const timer = ctx.clock.setTimeout(() => ws.terminate(), 2_000);
      await closed;
      timer();
    },
  };
}
