// The public programmatic API (`import { mintToken, startEmulator } from 'gemtoken'`). It wraps the
// same core the CLI uses, reads no environment variables, prints nothing, and throws the CLI's
// typed errors. It must not load commander or terminal code; the emulator loads only when started.

import { UsageError } from './errors.js';
import { listenError } from './listen-error.js';

export {
  ApiRejectedError, AudioDeviceError, AuthError, ExitCode, GemtokenError, InterruptedError, NetworkError, UsageError,
} from './errors.js';
export type { ApiVersion } from './token/client/http-request.js';
export type { LockMode, LockSummary } from './token/config/lock-summary.js';

export { mintToken, type Duration, type MintTokenOptions, type MintedToken } from './mint-token.js';
export { serveTokens, type ServeTokensOptions, type TokenListener } from './serve/serve-tokens.js';

export interface StartEmulatorOptions {
  /** Default 127.0.0.1 and port 0 (a free port: read it from `baseUrl`). */
  readonly host?: string;
  readonly port?: number;
  /** Keys both surfaces accept; default one random key. */
  readonly apiKeys?: readonly string[];
  /** Model ids the Live half serves (without `models/`); default the current Live models. */
  readonly models?: readonly string[];
  /** Live connection lifetime before goAway + close (default 10 min); concurrent sessions (default 32). */
  readonly connectionLifetimeMs?: number;
  readonly maxSessions?: number;
  /** Faults queued before the first request, as for `gemtoken emulator --fault` (e.g. `'rest:503x2'`). */
  readonly faults?: readonly string[];
  /** Receives each request-log line (keys and tokens redacted); default: no log. */
  readonly log?: (line: string) => void;
  readonly logFormat?: 'text' | 'json';
  /**
   * A scenario every Live session follows, as for `gemtoken emulator --scenario`: a path to the
   * YAML or JSON file, or the parsed object itself (README: Testing your app against gemtoken).
   */
  readonly scenario?: string | Record<string, unknown>;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:41234`: use as `baseUrl`, or as GOOGLE_GEMINI_BASE_URL for the SDK. */
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
  /**
   * Forgets every token, session, conversation, request count and queued fault (open Live sessions
   * close with 1001), keeping the port and keys: call it between tests (`beforeEach`).
   */
  reset(): Promise<void>;
  /** Closes Live sessions and every connection, and stops listening. */
  close(): Promise<void>;
}

/** Starts the local Gemini stand-in (token REST + Live WebSocket) in this process. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const emulator = await import('./emulator/index.js');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`startEmulator: port ${String(port)} is not 0–65535`);
  let faults;
  let scenario;
  try {
    faults = (options.faults ?? []).map((spec) => emulator.parseFaultSpec(String(spec)));
    const given = options.scenario;
    if (given !== undefined) scenario = typeof given === 'string' ? await emulator.loadScenario(given) : emulator.parseScenario(given, 'scenario');
  } catch (error) {
    throw new UsageError(`startEmulator: ${(error as Error).message}`);
  }
  const log = options.log;
  try {
    const running = await emulator.startEmulator({
      ...(options.host === undefined ? {} : { host: options.host }),
      port,
      ...(options.apiKeys === undefined ? {} : { apiKeys: [...options.apiKeys] }),
      ...(options.models === undefined ? {} : { models: [...options.models] }),
      ...(options.connectionLifetimeMs === undefined ? {} : { connectionLifetimeMs: options.connectionLifetimeMs }),
      ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
      faults,
      ...(scenario ? { scenario } : {}),
      ...(log ? { log: { format: options.logFormat ?? 'text', write: (line: string) => log(line.replace(/\n$/, '')) } } : {}),
    });
    return { baseUrl: running.baseUrl, apiKeys: running.apiKeys, reset: () => running.reset(), close: () => running.close() };
  } catch (error) {
    throw listenError(error, 'library', port) ?? error;
  }
}
