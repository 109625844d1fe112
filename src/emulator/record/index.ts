// `gemtoken emulator --record <dir> --upstream <url>`: the emulator becomes a transparent recording
// proxy in front of the upstream (the real service by default). Format: cassette.ts; secrets:
// redact.ts. The emulator's own routes are not served in this mode: clients must meet the upstream.
// A reset (POST /emulator/reset, reset()) finds nothing here to forget: the tokens and sessions are
// the upstream's, and the recording goes on into the same cassettes (stand.ts answers it).

import type { EmulatorClock } from '../clock.js';
import type { RequestListener, Server } from 'node:http';
import type { SecretRegistry } from '../../redact.js';
import type { EmulatorLog } from '../core.js';
import { liveProxy } from './proxy-live.js';
import { restProxy } from './proxy-rest.js';

export { RECORD_UPSTREAM_TIMEOUT_MS } from './proxy-rest.js';
import { CassetteWriter } from './writer.js';
import { definedProps } from '../../defined-props.js';

export const DEFAULT_UPSTREAM = 'https://generativelanguage.googleapis.com';

export interface RecordOptions {
  readonly dir: string;
  readonly upstream: string;
  /** false: --record-audio=off, audio payloads are written as their size only. */
  readonly audio: boolean;
  /**
   * A cassette could not be written: the recording has a hole from here on. Logged always; the CLI
   * passes this to stop with exit 2. Without it the proxy goes on and writes what it still can.
   */
  readonly onFailure?: (error: Error) => void;
  /** How long a proxied REST request waits for the upstream before its client gets 504 (default RECORD_UPSTREAM_TIMEOUT_MS, 60 s). */
  readonly upstreamTimeoutMs?: number;
}

export interface Recorder {
  /** Every HTTP request but POST /emulator/reset, which must reach neither the upstream nor a cassette. */
  readonly request: RequestListener;
  /** Aborts the proxied requests still waiting on the upstream (the stop's grace ended). */
  cut(): void;
  /** Closes the Live relays (1001) at once; ends the cassettes once `drained` (no request can write any more). */
  close(drained: Promise<void>): Promise<void>;
}

export async function attachRecorder(
  server: Server,
  options: RecordOptions,
  context: {
    readonly log: EmulatorLog;
    readonly secrets: SecretRegistry;
    readonly monotonic: () => number;
    /** Times the upstream's answer (the emulator's clock, so a test can drive it). */
    readonly clock: Pick<EmulatorClock, 'setTimeout'>;
    readonly maxFrameBytes: number;
    readonly signal?: AbortSignal;
  },
): Promise<Recorder> {
  const upstream = new URL(options.upstream);
  const stop = new AbortController();
  const writer = await CassetteWriter.open(options.dir, {
    ...definedProps({ signal: context.signal }),
    secrets: context.secrets,
    onFailure: (error) => {
      context.log.event({ event: 'record.failed', error: error.message });
      options.onFailure?.(error);
    },
  });
  const { log, monotonic } = context;
  const request = restProxy({
    upstream,
    file: writer.rest(),
    learn: writer.learn,
    log,
    monotonic,
    idsBefore: writer.continued.restId,
    stop: stop.signal,
    clock: context.clock,
    ...definedProps({ timeoutMs: options.upstreamTimeoutMs }),
  });
  const live = liveProxy({
    upstream,
    recordAudio: options.audio,
    maxFrameBytes: context.maxFrameBytes,
    log,
    monotonic,
    newFile: () => writer.session(),
    learn: writer.learn,
  });
  server.on('upgrade', live.onUpgrade);
  // Appending to earlier recordings: say after what, so a log shows where this one's numbers start.
  const before = writer.continued;
  const after =
    before.live + before.restId + before.placeholder > 0
      ? { after: `live-${before.live} rest-${before.restId} placeholder-${before.placeholder}` }
      : {};
  context.log.event({
    event: 'record.start',
    dir: options.dir,
    upstream: upstream.origin,
    audio: options.audio ? 'on' : 'off',
    ...after,
  });
  return {
    request,
    cut: () => stop.abort(),
    async close(drained) {
      server.off('upgrade', live.onUpgrade);
      live.close();
      await drained;
      stop.abort();
      await writer.close();
    },
  };
}
