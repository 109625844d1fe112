// `gemtoken emulator --replay <dir>`: serves what --record wrote (format: ../record/cassette.ts)
// instead of the emulator's own behaviour. REST: rest.ts; Live: live.ts; matching rules: match.ts.
// reset() puts the replayer back where it started, as if restarted on the same port: open sessions
// closed (1001), every cassette unused again, the token names handed out forgotten.

import type { RequestListener, Server } from 'node:http';
import type { EmulatorClock } from '../clock.js';
import type { EmulatorLog } from '../core.js';
import { liveReplay } from './live.js';
import { loadCassettes } from './load.js';
import { ReplayTokens, restReplay } from './rest.js';

export interface ReplayOptions {
  readonly dir: string;
  /** 1 (default) = recorded timing, 0 = as fast as possible. */
  readonly speed: number;
}

export interface Replayer {
  /** Every HTTP request but POST /emulator/reset (the emulator's admin route serves that). */
  readonly request: RequestListener;
  reset(): Promise<void>;
  close(): void;
}

export async function attachReplayer(
  server: Server,
  options: ReplayOptions,
  context: {
    readonly log: EmulatorLog;
    readonly clock: EmulatorClock;
    readonly maxFrameBytes: number;
    readonly signal?: AbortSignal;
  },
): Promise<Replayer> {
  const cassettes = await loadCassettes(options.dir, context.signal);
  const tokens = new ReplayTokens();
  const rest = restReplay(cassettes.rest, tokens, context.log);
  const live = liveReplay({
    cassettes: cassettes.live,
    refused: cassettes.refused,
    tokens,
    speed: options.speed,
    maxFrameBytes: context.maxFrameBytes,
    clock: context.clock,
    log: context.log,
  });
  server.on('upgrade', live.onUpgrade);
  context.log.event({
    event: 'replay.start',
    dir: options.dir,
    sessions: cassettes.live.length,
    refused: cassettes.refused.length,
    rest: cassettes.rest.length,
    speed: options.speed,
  });
  return {
    request: rest.onRequest,
    async reset() {
      await live.reset();
      rest.rewind();
      tokens.forget();
    },
    close() {
      server.off('upgrade', live.onUpgrade);
      live.close();
    },
  };
}
