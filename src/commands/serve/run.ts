// `gemtoken serve`: validate everything, find the key (or start the emulator), mount serveTokens() on
// a node:http server, print the ready line, and on SIGTERM/Ctrl-C (ctx.signal) stop the way every
// gemtoken server stops (graceful-close.ts): mints in flight get the grace, then 503. Exit 0 after a
// signal, like `gemtoken emulator`.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { gracefulClose, timeoutOptions } from '../../graceful-close.js';
import { listenError } from '../../listen-error.js';
import { sendJson } from '../../serve/http-io.js';
import { serveTokens } from '../../serve/serve-tokens.js';
import { resolveApiKey, TALK_KEY_FLAGS } from '../../token/api-key.js';
import { resolveMintOptions } from '../../token/mint-options.js';
import { forPerson, showServeReady } from '../../terminal/ready-lines.js';
import { createUi, type Ui } from '../../terminal/ui.js';
import { contextTextIo } from '../text-io.js';
import { readServeFlags, resolveServeFlags } from './options.js';
import { definedProps } from '../../defined-props.js';

/** Time a client gets to send its request line and headers / its whole request (slowloris). */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

export async function runServe(ctx: Context, raw: Record<string, unknown>): Promise<number> {
  const flags = readServeFlags(raw);
  const settings = resolveServeFlags(flags, ctx.env);
  if (settings.bearer !== undefined) ctx.secrets.add(settings.bearer);
  const ui = createUi(ctx);
  const io = contextTextIo(ctx);
  const options = await resolveMintOptions(flags, ctx.env, ctx.clock.now(), io);
  options.warnings.forEach((line) => ui.warn(line));
  const key = await resolveApiKey(flags, ctx.env, io, TALK_KEY_FLAGS);
  if (key) ctx.secrets.add(key.key);
  if (!key && !flags.emulator)
    throw new UsageError(
      'no API key: set GEMINI_API_KEY',
      'or use --api-key-file <path>, or --emulator to develop with no key',
    );
  // The emulator accepts the key when there is one (its admin API then works with it), else a random one.
  const upstream = flags.emulator
    ? await startLocalEmulator(ctx, ui, key?.key)
    : { apiKey: key!.key, baseUrl: options.baseUrl, fetch: ctx.fetch, close: async () => undefined };
  ctx.secrets.add(upstream.apiKey);

  // Mints in flight are aborted when the shutdown's grace ends; until then they may finish.
  const hardStop = new AbortController();
  let server: Server | undefined;
  try {
    if (flags.verify) {
      // A setup the service refuses at connect fails here, before a page ever asks for a token.
      const { verifySession } = await import('../verify-setup.js');
      await verifySession(
        ctx,
        ui,
        { ...options, baseUrl: upstream.baseUrl },
        {
          key: upstream.apiKey,
          source: key?.source ?? 'the in-process emulator',
        },
        'not serving',
      );
    }
    const listener = serveTokens({
      apiKey: upstream.apiKey,
      baseUrl: upstream.baseUrl,
      ...(flags.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
      uses: options.token.uses,
      ...definedProps({
        ttl: flags.ttl,
        newSessionTtl: flags.newSessionTtl,
        model: options.token.model,
        config: options.token.config,
        lock: options.token.lock,
      }),
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      fetch: upstream.fetch,
      allowOrigins: settings.allowOrigins,
      trustProxy: settings.trustProxy,
      ...definedProps({ bearer: settings.bearer }),
      rate: settings.rate,
      maxConcurrentMints: settings.maxConcurrentMints,
      page: settings.page,
      log: (line) => ui.info(line),
      signal: hardStop.signal,
    });
    server = createServer(timeoutOptions(HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS), listener);
    const stopping = gracefulClose(server, {
      answerCut: (res) =>
        sendJson(res, 503, { error: 'the token server is shutting down; try again' }, { 'retry-after': '1' }),
      answerTimedOut: (res) =>
        sendJson(
          res,
          408,
          { error: `request not received within ${REQUEST_TIMEOUT_MS / 1000}s` },
          { connection: 'close' },
        ),
      onGraceEnd: () => hardStop.abort(),
    });
    await listen(server, settings.port, settings.host);
    const { port } = server.address() as AddressInfo;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const url = `http://${host}:${port}`;
    ui.data(JSON.stringify({ url, ...(flags.emulator ? { baseUrl: upstream.baseUrl } : {}) }));
    if (forPerson(ctx))
      showServeReady(ui, {
        url,
        page: settings.page,
        ...definedProps({ bearerVariable: settings.bearerVariable }),
        ...(flags.emulator ? { emulatorUrl: upstream.baseUrl } : {}),
      });
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    // The in-process emulator stops alongside: both are bounded by the same grace.
    await Promise.all([stopping.close(), upstream.close()]);
  } finally {
    hardStop.abort();
    if (server?.listening) server.close();
    await upstream.close();
  }
  return 0;
}

async function startLocalEmulator(
  ctx: Context,
  ui: Ui,
  apiKey: string | undefined,
): Promise<{ apiKey: string; baseUrl: string; fetch: typeof globalThis.fetch; close: () => Promise<void> }> {
  const { createEmulatorServer: start } = await import('../../emulator/index.js');
  // Its own free port on loopback: a page reaches it directly for the Live session.
  const running = await start({
    host: '127.0.0.1',
    port: 0,
    ...(apiKey === undefined ? {} : { apiKeys: [apiKey] }),
    now: () => ctx.clock.now(),
    // Only under --verbose, where ui.debug shows it: a log nobody sees still cost a formatted line per mint.
    ...(ctx.verbose
      ? { log: { format: 'text' as const, write: (line: string) => ui.debug(`emulator: ${line.replace(/\n$/, '')}`) } }
      : {}),
  });
  // serve's own mints skip the loopback socket (a token was three HTTP exchanges in this process, not one);
  // the page's Live session and anyone else still reach the emulator at baseUrl.
  return {
    apiKey: running.apiKeys[0]!,
    baseUrl: running.baseUrl,
    fetch: running.fetch,
    close: () => running.close(),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, 'cli', port, host) ?? error));
    server.listen(port, host, () => resolve());
  });
}
