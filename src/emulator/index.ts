// createEmulatorServer(): the emulator's entry point, behind `gemtoken emulator`, the public library API
// (src/index.ts wraps it with the library's option checks) and in-process tests. It builds the
// EmulatorCore, attaches the Live half, and listens.

import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestCounter, registerBuiltinAdmin, resetHandler } from './rest/admin-routes.js';
import type { EmulatorCore, EmulatorOptions, Viewer } from './core.js';
import { systemEmulatorClock, withWallTime, type EmulatorClock } from './clock.js';
import { DEFAULT_MODELS, EMULATOR_DEFAULTS } from './defaults.js';
import { FaultQueue, type FaultEntry } from './faults.js';
import { attachLive } from './live/attach.js';
import { createLog, type LogSink } from './log.js';
import { createRequestListener } from './rest/router.js';
import { inProcessFetch } from './rest/in-process.js';
import { TokenStore } from './token-store.js';
import { ScenarioPlayer } from './scenario/player.js';
import type { Scenario } from './scenario/schema.js';
import type { RecordOptions } from './record/index.js';
import type { ReplayOptions } from './replay/index.js';
import { attachStand, standListener } from './stand.js';
import { gracefulClose, timeoutOptions } from '../graceful-close.js';
import { SecretRegistry } from '../redact.js';
import { sendJson } from './rest/http-io.js';
import { RpcError } from './rest/rpc-status.js';
import { resolveQuirks, type Profile, type QuirkName, type Quirks } from './quirks.js';
import { definedProps } from '../defined-props.js';

export { DEFAULT_MODELS, EMULATOR_DEFAULTS } from './defaults.js';
export { parseFaultSpec, type FaultEntry } from './faults.js';
export { EmulatorOptionError, parseEmulatorDuration } from './durations.js';
export type { LogFormat, LogSink } from './log.js';
export type { Cancel, EmulatorClock } from './clock.js';
export { loadScenario } from './scenario/load.js';
export { parseScenario, type Scenario } from './scenario/schema.js';
export { exportFrom } from './export/read.js';
export { scenarioJsonText, scenarioYamlText } from './export/format.js';
export type { Exported, ScenarioJson } from './export/to-scenario.js';
export { DEFAULT_UPSTREAM, RECORD_UPSTREAM_TIMEOUT_MS, type RecordOptions } from './record/index.js';
export type { ReplayOptions } from './replay/index.js';
export { recordReplay } from './cli-options.js';
export { PROFILES, QUIRKS, type Profile, type QuirkName, type Quirks } from './quirks.js';

export interface EmulatorServerOptions extends Partial<Omit<EmulatorOptions, 'quirks'>> {
  /** Quirks switched against the profile's defaults, e.g. { 'resume-costs-use': false }. */
  readonly quirks?: Partial<Quirks>;
  /** Faults queued before the first request (see faults.ts for the spec syntax). */
  readonly faults?: readonly FaultEntry[];
  /** Where log lines go; none → silent. */
  readonly log?: LogSink;
  /** Time for everything the emulator does (pacing, deadlines, expiry); tests inject a hand-driven one. */
  readonly clock?: EmulatorClock;
  /** Wall clock in epoch ms, overriding `clock.now()` (the CLI passes its Context's). */
  readonly now?: () => number;
  readonly sweepIntervalMs?: number;
  /** A checked `--scenario` script (scenario/load.ts, scenario/schema.ts) for every Live session. */
  readonly scenario?: Scenario;
  /** A recording proxy in front of `record.upstream` instead of the emulator's own routes. */
  readonly record?: RecordOptions;
  /** Serve the cassettes in `replay.dir` instead of the emulator's own routes. */
  readonly replay?: ReplayOptions;
  /** Ends the reading of --record/--replay files at startup (a FIFO that never ends): createEmulatorServer rejects with its reason. */
  readonly signal?: AbortSignal;
}

export interface RunningEmulator {
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
  readonly core: EmulatorCore;
  readonly profile: Profile;
  /** The quirks in effect (the profile's, with the overrides applied). */
  readonly quirks: Quirks;
  /**
   * Back to a fresh start for the next test, keeping the port and keys: every token, session,
   * conversation, request count and queued fault is forgotten (open sessions close with 1001).
   * Replaying: open sessions close with 1001 and every cassette can be replayed again, as after a
   * restart. Recording: nothing to forget (stand.ts), logged with a note.
   */
  reset(): Promise<void>;
  /**
   * A fetch() for a caller in this process (`gemtoken serve --emulator` mints through it): the request
   * goes to the listener the HTTP server calls (rest/in-process.ts) without a socket; the URL's origin
   * is not looked at. Live sessions still need `baseUrl`.
   */
  readonly fetch: typeof globalThis.fetch;
  /**
   * Stops listening, drops idle and half-received connections at once, closes Live sessions 1001,
   * gives requests in flight 0.5 s and answers what is left 503 (src/graceful-close.ts).
   */
  close(): Promise<void>;
}

const NODE_HEADERS_TIMEOUT_MS = 60_000;
const NODE_REQUEST_TIMEOUT_MS = 300_000;

/** What a request still unanswered when the stop's grace ends gets (a hung fault, a slow upstream). */
function answerShuttingDown(res: ServerResponse): void {
  sendJson(res, 503, new RpcError(503, 'The emulator is shutting down.').toBody());
}

export function generateApiKey(): string {
  return `emu-${randomBytes(24).toString('base64url')}`;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function createEmulatorServer(options: EmulatorServerOptions = {}): Promise<RunningEmulator> {
  const apiKeys = options.apiKeys && options.apiKeys.length > 0 ? [...options.apiKeys] : [generateApiKey()];
  const resolved: EmulatorOptions = {
    host: options.host ?? EMULATOR_DEFAULTS.host,
    port: options.port ?? EMULATOR_DEFAULTS.port,
    apiKeys,
    adminKeys: [...(options.adminKeys ?? [])],
    models: options.models && options.models.length > 0 ? [...options.models] : [...DEFAULT_MODELS],
    connectionLifetimeMs: options.connectionLifetimeMs ?? EMULATOR_DEFAULTS.connectionLifetimeMs,
    ...definedProps({ goAwayLeadMs: options.goAwayLeadMs }),
    maxSessions: options.maxSessions ?? EMULATOR_DEFAULTS.maxSessions,
    maxFrameBytes: options.maxFrameBytes ?? EMULATOR_DEFAULTS.maxFrameBytes,
    maxBodyBytes: options.maxBodyBytes ?? EMULATOR_DEFAULTS.maxBodyBytes,
    profile: options.profile ?? 'observed',
    quirks: resolveQuirks(
      options.profile ?? 'observed',
      Object.entries(options.quirks ?? {}) as [QuirkName, boolean][],
    ),
  };
  const base = options.clock ?? systemEmulatorClock;
  const clock = options.now ? withWallTime(base, options.now) : base;
  const faults = new FaultQueue();
  for (const entry of options.faults ?? []) faults.add({ ...entry });
  // Node's own header/request limits (60 s / 300 s), checked often enough to close when they say.
  const server = createServer(timeoutOptions(NODE_HEADERS_TIMEOUT_MS, NODE_REQUEST_TIMEOUT_MS));
  // Real time, not the emulator clock: a stop must end even when a test drives that clock by hand.
  const stopping = gracefulClose(server, { answerCut: answerShuttingDown, onGraceEnd: () => stand?.cut() });
  // One registry for everything the emulator writes: its log, its answers, a recording's cassettes.
  const secrets = new SecretRegistry();
  for (const key of [...apiKeys, ...(resolved.adminKeys ?? [])]) secrets.add(key);
  const core: EmulatorCore = {
    options: resolved,
    server,
    store: new TokenStore(),
    faults,
    secrets,
    log: createLog(options.log, secrets, () => clock.now()),
    clock,
    admin: new Map(),
    ...definedProps({ scenario: options.scenario && new ScenarioPlayer(options.scenario) }),
  };
  const counter = new RequestCounter();
  registerBuiltinAdmin(core, faults, counter);
  const context = {
    log: core.log,
    secrets,
    clock,
    monotonic: () => clock.monotonic(),
    maxFrameBytes: resolved.maxFrameBytes,
    ...definedProps({ signal: options.signal }),
  };
  // Record and replay replace the emulator's own routes but POST /emulator/reset; the Live half stays idle behind them.
  const stand = await attachStand(server, options, context);
  const listener = createRequestListener(core, counter);
  const onRequest = stand ? standListener(stand, listener) : listener;
  server.on('request', onRequest);
  // A malformed request line never reaches the listener; answer it without a crash.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const live = stand
    ? { close: async () => stand.close(stopping.close()), reset: async () => undefined }
    : attachLive(core);
  const reset = async (viewer: Viewer): Promise<Readonly<Record<string, string>>> => {
    if (stand) {
      const answer = await stand.reset();
      const { reset: scope, ...more } = answer;
      core.log.event({ event: 'reset', scope, mode: options.record ? 'record' : 'replay', ...more });
      return answer;
    }
    await live.reset(viewer);
    core.store.reset(viewer);
    counter.reset(viewer);
    faults.clear(undefined, viewer);
    core.log.event({ event: 'reset', ...(viewer.all ? { scope: 'all' } : { apiKeyIndex: viewer.key }) });
    return { reset: viewer.all ? 'all' : 'key' };
  };
  core.admin.set('reset', resetHandler(reset));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stopSweep = clock.setInterval(
    () => core.store.sweep(clock.now()),
    options.sweepIntervalMs ?? EMULATOR_DEFAULTS.sweepIntervalMs,
  );
  const { port } = server.address() as AddressInfo;
  core.log.event({
    event: 'listening',
    host: resolved.host,
    port,
    models: resolved.models.length,
    profile: resolved.profile,
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      stopSweep();
      // Live sessions get their 1001 at once; graceful-close.ts bounds the whole stop (it ends the
      // WebSockets' sockets too when a peer never answers the close frame).
      await Promise.all([stopping.close(), live.close()]);
      core.log.event({ event: 'stopped' });
    })());
  return {
    baseUrl: `http://${urlHost(resolved.host)}:${port}`,
    apiKeys,
    core,
    profile: resolved.profile,
    quirks: resolved.quirks,
    reset: async () => void (await reset({ all: true })),
    fetch: inProcessFetch(onRequest),
    close,
  };
}
