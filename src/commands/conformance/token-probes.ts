// How the service treats a token past one of its limits: its uses spent, its expireTime or its
// newSessionExpireTime passed, or a name it never minted. Each row reads "refused" or "accepted"
// (the close code and reason go to the evidence), and the emulator's expectation is what its own
// checks (src/emulator/live/auth.ts, session-setup.ts) decide for a token in that state.

import { sleep } from '../../clock.js';
import { authenticate } from '../../emulator/live/auth.js';
import { checkTokenAtSetup } from '../../emulator/live/session-setup.js';
import { LiveMethod } from '../../emulator/live/route.js';
import { TokenStore, type TokenRecord } from '../../emulator/token-store.js';
import { inconclusive, shortSession, type Observation, type Probe } from './probe.js';
import type { ProbeIo } from './probe-io.js';
import { describeOutcome, mintFor, setupOf, started, type Message } from './probe-steps.js';

/** How far ahead a probe sets a short deadline: enough for the mint's round trip. */
export const SHORT_DEADLINE_MS = 3_000;
/** How long past a deadline a probe waits before it connects, for clock skew between us and the service. */
export const DEADLINE_MARGIN_MS = 2_000;
const HALF_HOUR_MS = 30 * 60_000;
const BOGUS_TOKEN = 'auth_tokens/gemtoken-conformance-no-such-token';

export interface TokenCase {
  readonly name: string;
  /** What Google's documentation says of a session opened with such a token. */
  readonly documented: 'refused';
  /** What the emulator does with it, from its own checks. */
  emulator(): 'refused' | 'accepted';
}

const verdict = (close: unknown): 'refused' | 'accepted' => (close === undefined ? 'accepted' : 'refused');

/** A token record in the state a probe puts its token in, `now` being the moment it connects. */
function record(now: number, limits: Partial<TokenRecord>): TokenRecord {
  return {
    name: 'auth_tokens/probe',
    apiVersion: 'v1beta',
    createdAt: now - SHORT_DEADLINE_MS - DEADLINE_MARGIN_MS,
    expireTime: now + HALF_HOUR_MS,
    newSessionExpireTime: now + HALF_HOUR_MS,
    uses: 1,
    usesConsumed: 0,
    setup: undefined,
    fieldMask: [],
    ...limits,
  };
}

const atSetup = (limits: Partial<TokenRecord>): 'refused' | 'accepted' =>
  verdict(checkTokenAtSetup(record(0, limits), 0, false));

export const TOKEN_CASES: readonly TokenCase[] = [
  { name: 'token:uses', documented: 'refused', emulator: () => atSetup({ uses: 1, usesConsumed: 1 }) },
  {
    name: 'token:expired',
    documented: 'refused',
    emulator: () => atSetup({ expireTime: -DEADLINE_MARGIN_MS, newSessionExpireTime: -DEADLINE_MARGIN_MS }),
  },
  {
    name: 'token:new-session-window',
    documented: 'refused',
    emulator: () => atSetup({ newSessionExpireTime: -DEADLINE_MARGIN_MS }),
  },
  {
    name: 'token:bogus',
    documented: 'refused',
    emulator: () => {
      const route = {
        apiVersion: 'v1beta',
        method: LiveMethod.token,
        credential: { source: 'query-access-token', value: BOGUS_TOKEN },
      } as const;
      const auth = authenticate(route, [], new TokenStore());
      return auth.ok ? 'accepted' : 'refused';
    },
  },
];

/** Opens a new session with `token` and says whether it started; the close (or frame) is the evidence. */
async function tryNewSession(io: ProbeIo, token: string, what: string): Promise<Observation> {
  const { session, outcome } = await started(io, token, setupOf(io));
  await session.close();
  if (outcome === 'timeout') return inconclusive(`${what}: ${describeOutcome(outcome)}`);
  if (outcome.kind === 'closed') return { value: 'refused', evidence: `${what}: ${describeOutcome(outcome)}` };
  return { value: 'accepted', evidence: `${what}: setupComplete` };
}

/** Waits on the probe's clock until `deadline` has passed by the margin, checking as it goes. */
async function pastDeadline(io: ProbeIo, deadline: number): Promise<void> {
  for (let left = deadline + DEADLINE_MARGIN_MS - io.clock.now(); left > 0;) {
    await sleep(io.clock, Math.min(left, 500));
    left = deadline + DEADLINE_MARGIN_MS - io.clock.now();
  }
}

/** Mints with deadlines `SHORT_DEADLINE_MS` ahead, waits past them, then tries a new session. */
function deadlineProbe(name: string, limits: (deadline: string, far: string) => Message, what: string): Probe {
  return {
    name,
    mints: 1,
    sessions: 1,
    liveSeconds: shortSession,
    run: async (io) => {
      const now = io.clock.now();
      const deadline = now + SHORT_DEADLINE_MS;
      const iso = (ms: number): string => new Date(ms).toISOString();
      const { token, evidence } = await mintFor(io, { uses: 1, ...limits(iso(deadline), iso(now + HALF_HOUR_MS)) });
      if (!token) return inconclusive(evidence);
      await pastDeadline(io, deadline);
      return tryNewSession(io, token, what);
    },
  };
}

export const TOKEN_PROBES: Readonly<Record<string, Probe>> = {
  'token:uses': {
    name: 'token:uses',
    mints: 1,
    sessions: 2,
    liveSeconds: (io) => 2 * shortSession(io),
    run: async (io) => {
      const { token, evidence } = await mintFor(io, { uses: 1 });
      if (!token) return inconclusive(evidence);
      const first = await tryNewSession(io, token, 'first session');
      if (first.value !== 'accepted') return inconclusive(first.evidence);
      return tryNewSession(io, token, 'second session on a uses:1 token');
    },
  },
  'token:expired': deadlineProbe(
    'token:expired',
    (deadline) => ({ expireTime: deadline, newSessionExpireTime: deadline }),
    'new session after expireTime',
  ),
  'token:new-session-window': deadlineProbe(
    'token:new-session-window',
    (deadline, far) => ({ expireTime: far, newSessionExpireTime: deadline }),
    'new session after newSessionExpireTime',
  ),
  'token:bogus': {
    name: 'token:bogus',
    mints: 0,
    sessions: 1,
    liveSeconds: shortSession,
    run: (io) => tryNewSession(io, BOGUS_TOKEN, 'a token name never minted'),
  },
};
