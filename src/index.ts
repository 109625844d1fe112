// The public programmatic API (`import { mintToken, startEmulator } from 'gemtoken'`). It wraps the
// same core the CLI uses, reads no environment variables, prints nothing, and throws the CLI's
// typed errors. It must not load commander or terminal code; the emulator loads only when started.

import { UsageError } from './errors.js';
import { listenError } from './listen-error.js';

export {
  ApiRejectedError,
  AudioDeviceError,
  AuthError,
  ExitCode,
  GemtokenError,
  InterruptedError,
  NetworkError,
  UsageError,
} from './errors.js';
import { definedProps } from './defined-props.js';
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
   * YAML or JSON file, or the parsed object itself (docs/recording.md, "Scenarios").
   */
  readonly scenario?: string | Record<string, unknown>;
  /**
   * Serve the cassettes `gemtoken emulator --record` wrote, as `--replay` does: the directory, or
   * `{ dir, speed }` (1 = recorded timing, the default; 0 = as fast as possible). reset() makes
   * every cassette unused again.
   */
  readonly replay?: string | { readonly dir: string; readonly speed?: number };
  /**
   * Be a recording proxy, as `--record` is: the directory, or `{ dir, upstream, audio }` (default
   * upstream: the real service; audio false = sizes only). Give `apiKeys` the key the upstream takes.
   */
  readonly record?: string | { readonly dir: string; readonly upstream?: string; readonly audio?: boolean };
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:41234`: use as `baseUrl`, or as GOOGLE_GEMINI_BASE_URL for the SDK. */
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
  /**
   * Forgets every token, session, conversation, request count and queued fault (open Live sessions
   * close with 1001), keeping the port and keys: call it between tests (`beforeEach`). Replaying:
   * open sessions close with 1001 and every cassette is unused again; recording: nothing to forget.
   */
  reset(): Promise<void>;
  /** Closes Live sessions and every connection, and stops listening. */
  close(): Promise<void>;
}

/** Starts the local Gemini stand-in (token REST + Live WebSocket) in this process. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const emulator = await import('./emulator/index.js');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`startEmulator: port ${String(port)} is not 0–65535`);
  let faults;
  let scenario;
  let modes;
  try {
    faults = (options.faults ?? []).map((spec) => emulator.parseFaultSpec(String(spec)));
    modes = emulator.recordReplay(modeFlags(options));
    const given = options.scenario;
    if (given !== undefined)
      scenario =
        typeof given === 'string' ? await emulator.loadScenario(given) : emulator.parseScenario(given, 'scenario');
  } catch (error) {
    throw new UsageError(`startEmulator: ${(error as Error).message}`);
  }
  const log = options.log;
  try {
    const running = await emulator.createEmulatorServer({
      ...definedProps({ host: options.host }),
      port,
      ...(options.apiKeys === undefined ? {} : { apiKeys: [...options.apiKeys] }),
      ...(options.models === undefined ? {} : { models: [...options.models] }),
      ...definedProps({ connectionLifetimeMs: options.connectionLifetimeMs, maxSessions: options.maxSessions }),
      faults,
      ...definedProps({ scenario }),
      ...modes,
      ...(log
        ? { log: { format: options.logFormat ?? 'text', write: (line: string) => log(line.replace(/\n$/, '')) } }
        : {}),
    });
    return {
      baseUrl: running.baseUrl,
      apiKeys: running.apiKeys,
      reset: () => running.reset(),
      close: () => running.close(),
    };
  } catch (error) {
    // A --replay directory that is missing or holds a bad cassette is found as it starts.
    if (error instanceof emulator.EmulatorOptionError) throw new UsageError(`startEmulator: ${error.message}`);
    throw listenError(error, 'library', port) ?? error;
  }
}

/** `replay` and `record` as the CLI's flags, so both are checked by the same rules. */
function modeFlags(options: StartEmulatorOptions): Record<string, string | undefined> {
  const replay = typeof options.replay === 'string' ? { dir: options.replay } : options.replay;
  const record = typeof options.record === 'string' ? { dir: options.record } : options.record;
  return {
    replay: replay?.dir === undefined ? undefined : String(replay.dir),
    replaySpeed: replay?.speed === undefined ? undefined : String(replay.speed),
    record: record?.dir === undefined ? undefined : String(record.dir),
    upstream: record?.upstream,
    recordAudio: record?.audio === undefined ? undefined : record.audio ? 'on' : 'off',
  };
}
