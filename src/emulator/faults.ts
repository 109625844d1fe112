// Fault injection: a queue of scripted failures, each consumed by one REST request or one Live
// session. Filled from `--fault SPEC` flags at start and from `POST /emulator/faults` at run time.
//
// Spec syntax (flag and the admin API's {"spec": "..."} form):
//   rest:429[:RETRY_AFTER_SECONDS][xN]   next N auth_tokens requests answer 429 RESOURCE_EXHAUSTED
//                                        (with Retry-After + RetryInfo when seconds are given)
//   rest:500[xN]  rest:503[xN]           answer 500 INTERNAL / 503 UNAVAILABLE
//   rest:hang[xN]                        hold the request open, never answer (until the client gives
//                                        up or the emulator stops)
//   live:refuse[:RETRY_AFTER_SECONDS][xN]  WebSocket upgrade answered HTTP 429 (client sees 1006)
//   live:drop[xN]                        half way through its next model turn the session closes
//                                        with 1011 "Internal error encountered."
//   live:stall[xN]                       the session stops answering (no setupComplete / no replies)
//   live:internal[xN]                    half way through the first model turn after a resumption
//                                        handle was sent, closes 1011 "Internal error encountered."
//                                        (the transient error of preview models, survived by resuming)
//   live:slowclose[xN]                   the session answers the client's close frame only after 30 s
//                                        (one-socket-per-session: drop the socket, not wait, to resume)
// N defaults to 1. Faults are consumed in the order they were queued.
//
// Scope: a fault queued through the admin API by an API key hits only requests and sessions of that
// key (a session opened with a token counts as its minting key's). Faults are test scripting, and
// parallel suites sharing one emulator with their own keys must not eat or trip each other's
// faults. `--fault` flags and faults queued with an --admin-key hit everyone (the operator's).

import { EmulatorOptionError } from './durations.js';
import { choicesNote } from '../suggest.js';
import type { Fault, FaultPlan, LiveFaultKind, RestFaultKind } from './core.js';
import { sees, type KeyIndex, type Viewer } from './viewer.js';
import { definedProps } from '../defined-props.js';

export type FaultSurface = 'rest' | 'live';

export interface FaultEntry {
  readonly surface: FaultSurface;
  readonly kind: RestFaultKind | LiveFaultKind;
  readonly retryAfterSeconds?: number;
  /** How many more requests/sessions this entry will hit. */
  remaining: number;
}

const REST_KINDS: Readonly<Record<string, RestFaultKind>> = {
  '429': 'status429',
  status429: 'status429',
  '500': 'status500',
  status500: 'status500',
  '503': 'status503',
  status503: 'status503',
  hang: 'hang',
};
const LIVE_KINDS: Readonly<Record<string, LiveFaultKind>> = {
  refuse: 'refuse',
  drop: 'drop',
  stall: 'stall',
  internal: 'internal',
  slowclose: 'slowclose',
};
const MAX_COUNT = 1_000_000;

export interface FaultRequest {
  readonly surface: unknown;
  readonly kind: unknown;
  readonly count?: unknown;
  readonly retryAfterSeconds?: unknown;
}

/** Validates one fault description (from the admin API's JSON or a parsed spec). */
export function makeFault(request: FaultRequest): FaultEntry {
  const surface = request.surface;
  const kindName = String(request.kind);
  if (surface !== 'rest' && surface !== 'live')
    throw new EmulatorOptionError(`fault surface must be "rest" or "live", got ${JSON.stringify(surface)}`);
  const table = surface === 'rest' ? REST_KINDS : LIVE_KINDS;
  const kind = Object.hasOwn(table, kindName) ? table[kindName] : undefined;
  if (!kind) {
    throw new EmulatorOptionError(
      `unknown ${surface} fault kind "${kindName}" (${choicesNote(kindName, Object.keys(table), 'use one of')})`,
    );
  }
  const count = request.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new EmulatorOptionError(`fault count must be an integer from 1 to ${MAX_COUNT}`);
  }
  const retry = request.retryAfterSeconds;
  if (retry !== undefined) {
    if (kind !== 'status429' && kind !== 'refuse') {
      throw new EmulatorOptionError(`retryAfterSeconds only applies to rest:429 and live:refuse`);
    }
    if (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 0 || retry > 86_400) {
      throw new EmulatorOptionError('fault retryAfterSeconds must be an integer from 0 to 86400');
    }
  }
  return { surface, kind, remaining: count, ...definedProps({ retryAfterSeconds: retry }) };
}

// Lazy letters so that `hangx4` splits into kind `hang` and count 4.
const SPEC = /^(rest|live):(\d+|[a-z]+?)(?::(\d+))?(?:x(\d+))?$/;

/** Parses `rest:429:2x3`-style specs; throws EmulatorOptionError with the syntax on bad input. */
export function parseFaultSpec(spec: string): FaultEntry {
  const match = SPEC.exec(spec.trim());
  if (!match) {
    throw new EmulatorOptionError(
      `invalid fault "${spec}" (use rest:429[:SECONDS][xN], rest:500[xN], rest:503[xN], rest:hang[xN], live:refuse[:SECONDS][xN], live:drop[xN], live:stall[xN], live:internal[xN])`,
    );
  }
  const [, surface, kind, retry, count] = match;
  return makeFault({
    surface,
    kind,
    count: count === undefined ? 1 : Number(count),
    ...(retry === undefined ? {} : { retryAfterSeconds: Number(retry) }),
  });
}

interface Queued {
  readonly entry: FaultEntry;
  /** undefined: hits everyone (a --fault flag, or queued with an admin key). */
  readonly owner: KeyIndex | undefined;
}

// What a key sees, may clear and will be hit by: its own faults and everyone's. Everyone's can be
// consumed by any key's requests anyway, so letting any key clear them adds no new interference.
const visible = (viewer: Viewer, queued: Queued): boolean => sees(viewer, queued.owner);

export class FaultQueue implements FaultPlan {
  readonly #entries: Queued[] = [];

  add(entry: FaultEntry, owner?: KeyIndex): void {
    this.#entries.push({ entry, owner });
  }

  clear(surface?: FaultSurface, viewer: Viewer = { all: true }): void {
    for (let i = this.#entries.length - 1; i >= 0; i -= 1) {
      const queued = this.#entries[i]!;
      if ((!surface || queued.entry.surface === surface) && visible(viewer, queued)) this.#entries.splice(i, 1);
    }
  }

  list(viewer: Viewer = { all: true }): readonly FaultEntry[] {
    return this.#entries.filter((queued) => visible(viewer, queued)).map((queued) => ({ ...queued.entry }));
  }

  /** `key` undefined: a caller without a valid key, hit only by everyone's faults. */
  takeRest(key?: KeyIndex): Fault<RestFaultKind> | undefined {
    return this.#take((entry) => entry.surface === 'rest', key) as Fault<RestFaultKind> | undefined;
  }

  takeLive(kinds: readonly LiveFaultKind[], key?: KeyIndex): Fault<LiveFaultKind> | undefined {
    return this.#take((entry) => entry.surface === 'live' && kinds.includes(entry.kind as LiveFaultKind), key) as
      Fault<LiveFaultKind> | undefined;
  }

  #take(match: (entry: FaultEntry) => boolean, key: KeyIndex | undefined): Fault<string> | undefined {
    const index = this.#entries.findIndex(
      (queued) => (queued.owner === undefined || queued.owner === key) && match(queued.entry),
    );
    if (index < 0) return undefined;
    const entry = this.#entries[index]!.entry;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#entries.splice(index, 1);
    return entry.retryAfterSeconds === undefined
      ? { kind: entry.kind }
      : { kind: entry.kind, retryAfterSeconds: entry.retryAfterSeconds };
  }
}
