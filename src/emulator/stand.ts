// --record and --replay stand in for the emulator's own routes. Their HTTP listener takes every
// request but one: POST /emulator/reset goes to the emulator's admin route (same key check, same
// answers to a bad key, same `reset` log line), so a suite that resets between tests is never met
// by a silent 404 or a forwarded request. What a reset does in each mode is here.

import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { SecretRegistry } from '../redact.js';
import type { EmulatorClock } from './clock.js';
import type { EmulatorLog } from './core.js';
import { attachRecorder, type RecordOptions } from './record/index.js';
import { attachReplayer, type ReplayOptions } from './replay/index.js';
import { normalizePath } from './rest/router.js';

export interface Stand {
  readonly request: RequestListener;
  /** What a reset did: the admin route's answer, also written on the `reset` log line. */
  reset(): Promise<Readonly<Record<string, string>>>;
  /** The stop's grace ended: abort what is still waiting on the upstream. */
  cut(): void;
  /** Closes its WebSockets (1001) at once and finishes its files once `drained` (every HTTP connection ended). */
  close(drained: Promise<void>): Promise<void>;
}

export interface StandContext {
  readonly log: EmulatorLog;
  /** The emulator's one registry: what its log, its answers and a recording's cassettes scrub. */
  readonly secrets: SecretRegistry;
  readonly clock: EmulatorClock;
  readonly monotonic: () => number;
  readonly maxFrameBytes: number;
  /** Ends the reading of the directory's files at startup. */
  readonly signal?: AbortSignal;
}

/**
 * Recording, a reset forgets nothing: the recorder holds no tokens or sessions (the upstream does),
 * and the cassettes go on (placeholders stay stable across the whole recording, as replay needs).
 * It is answered, not forwarded: the real service would say 404 and rest.ndjson would keep it.
 */
export const RECORD_RESET_NOTE =
  "recording: nothing to forget (tokens and sessions are the upstream's); the cassettes go on";

export async function attachStand(
  server: Server,
  options: { readonly record?: RecordOptions; readonly replay?: ReplayOptions },
  context: StandContext,
): Promise<Stand | undefined> {
  if (options.record) {
    const recorder = await attachRecorder(server, options.record, context);
    return {
      request: recorder.request,
      reset: async () => ({ reset: 'none', note: RECORD_RESET_NOTE }),
      cut: () => recorder.cut(),
      close: (drained) => recorder.close(drained),
    };
  }
  if (options.replay) {
    const replayer = await attachReplayer(server, options.replay, context);
    // Any valid key rewinds everything: the replayer keeps no owners (it serves whoever connects).
    return {
      request: replayer.request,
      reset: async () => {
        await replayer.reset();
        return { reset: 'all' };
      },
      // Its answers come from the cassettes: nothing upstream to abort.
      cut: () => undefined,
      close: async (drained) => {
        replayer.close();
        await drained;
      },
    };
  }
  return undefined;
}

const isReset = (req: IncomingMessage): boolean => {
  const parts = normalizePath(req.url).pathname.split('/');
  return parts[1] === 'emulator' && parts[2] === 'reset';
};

/** The stand's listener, with /emulator/reset taken by `admin` (the emulator's own listener). */
export function standListener(stand: Stand, admin: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => (isReset(req) ? admin(req, res) : stand.request(req, res));
}
