// One probe per quirk of the emulator's observed profile (src/emulator/quirks.ts), each named as
// `emulator --quirk` names it, so a differing row is also the flag that reproduces the service.
// docs/emulator.md says what each quirk is and where it was seen.

import type { QuirkName } from '../../emulator/quirks.js';
import { inconclusive, off, on, type Observation, type Probe } from './probe.js';
import type { Closed, Frame, ProbeIo } from './probe-io.js';
import {
  describeOutcome,
  describeReply,
  firstHandle,
  mintFor,
  newHandle,
  setupOf,
  started,
  TEXT_TURN,
  turnComplete,
  until,
} from './probe-steps.js';

/** A session that sends setup and maybe one short turn: a few seconds of Live time at most. */
const SHORT = (io: Pick<ProbeIo, 'waitMs'>): number => Math.min(10, io.waitMs / 1000);

type Outcome = Frame | Closed | 'timeout';
const isClose = (o: Outcome): o is Closed => o !== 'timeout' && o.kind === 'closed';
const isFrame = (o: Outcome): o is Frame => o !== 'timeout' && o.kind === 'frame';

/** For a quirk that is a refusal: a close is the quirk, setupComplete its absence, a timeout neither. */
function refusedIsOn(outcome: Outcome, what = ''): Observation {
  if (isClose(outcome)) return on(`${what}${describeOutcome(outcome)}`);
  if (isFrame(outcome)) return off(`${what}setupComplete`);
  return inconclusive(describeOutcome(outcome));
}

const restRefusesConstraints: Probe = {
  name: 'rest-refuses-live-connect-constraints',
  mints: 1,
  sessions: 0,
  liveSeconds: () => 0,
  run: async (io) => {
    const reply = await io.mint({
      uses: 1,
      liveConnectConstraints: { model: `models/${io.model}`, config: { responseModalities: ['AUDIO'] } },
    });
    const evidence = describeReply(reply);
    if (reply.status === 200) return off(evidence);
    if (reply.status === 400 && /Unknown name/.test(reply.message ?? '')) return on(evidence);
    return inconclusive(evidence);
  },
};

const indentedFrames: Probe = {
  name: 'indented-frames',
  mints: 1,
  sessions: 1,
  liveSeconds: SHORT,
  run: async (io) => {
    const { token, evidence } = await mintFor(io, { uses: 1 });
    if (!token) return inconclusive(evidence);
    const { session, outcome } = await started(io, token, setupOf(io));
    await session.close();
    if (!isFrame(outcome)) return inconclusive(describeOutcome(outcome));
    const seen = `setupComplete as ${JSON.stringify(outcome.text.slice(0, 24))}${outcome.text.length > 24 ? '…' : ''}`;
    if (outcome.text.endsWith('\n') && /\n\s+"/.test(outcome.text)) return on(seen);
    if (outcome.text === JSON.stringify(outcome.message)) return off(seen);
    return inconclusive(seen);
  },
};

const fullLockDefaultText: Probe = {
  name: 'full-lock-default-text',
  mints: 1,
  sessions: 1,
  liveSeconds: SHORT,
  run: async (io) => {
    const { token, evidence } = await mintFor(io, {
      uses: 1,
      bidiGenerateContentSetup: { model: `models/${io.model}` },
    });
    if (!token) return inconclusive(evidence);
    const { session, outcome } = await started(io, token, setupOf(io));
    await session.close();
    return refusedIsOn(outcome);
  },
};

const fullLockIgnoresClient: Probe = {
  name: 'full-lock-ignores-client',
  mints: 1,
  sessions: 1,
  liveSeconds: SHORT,
  run: async (io) => {
    const { token, evidence } = await mintFor(io, {
      uses: 1,
      bidiGenerateContentSetup: { model: `models/${io.model}`, generationConfig: { responseModalities: ['AUDIO'] } },
    });
    if (!token) return inconclusive(evidence);
    const { session, outcome } = await started(io, token, setupOf(io, { sessionResumption: {} }));
    if (!isFrame(outcome)) {
      await session.close();
      return inconclusive(describeOutcome(outcome));
    }
    let handle = false;
    const sawHandle = (m: Parameters<typeof newHandle>[0]): boolean => {
      if (newHandle(m) !== undefined) handle = true;
      return handle;
    };
    session.send(TEXT_TURN);
    const end = await until(
      session,
      (m) => {
        sawHandle(m);
        return turnComplete(m);
      },
      io.waitMs,
    );
    // A handle may follow the turn's end: give it a moment (not a whole frame wait).
    if (!handle && isFrame(end)) await until(session, sawHandle, Math.min(io.waitMs, 1_500));
    await session.close();
    if (handle) return off('a resumption handle came');
    if (isFrame(end)) return on('turn completed, no resumption handle');
    return inconclusive(`no completed turn: ${describeOutcome(end)}`);
  },
};

/** A session with resumption on a fresh token, and its first handle. */
async function withHandle(io: ProbeIo, uses: number) {
  const { token, evidence } = await mintFor(io, { uses });
  if (!token) return { evidence };
  const { session, outcome } = await started(io, token, setupOf(io, { sessionResumption: {} }));
  if (!isFrame(outcome)) {
    await session.close();
    return { evidence: describeOutcome(outcome) };
  }
  const handle = await firstHandle(io, session);
  if (!handle) await session.close();
  return handle ? { token, session, handle, evidence: '' } : { evidence: 'no resumption handle came' };
}

async function resumed(io: ProbeIo, token: string, handle: string): Promise<Outcome> {
  const { session, outcome } = await started(io, token, setupOf(io, { sessionResumption: { handle } }));
  await session.close();
  return outcome;
}

const resumeCostsUse: Probe = {
  name: 'resume-costs-use',
  mints: 1,
  sessions: 2,
  liveSeconds: (io) => 2 * SHORT(io),
  run: async (io) => {
    const first = await withHandle(io, 1);
    if (!first.session) return inconclusive(first.evidence);
    await first.session.close();
    return refusedIsOn(await resumed(io, first.token, first.handle), 'resume on the spent token: ');
  },
};

const oneSocketPerSession: Probe = {
  name: 'one-socket-per-session',
  mints: 1,
  sessions: 2,
  liveSeconds: (io) => 2 * SHORT(io),
  run: async (io) => {
    const first = await withHandle(io, 3);
    if (!first.session) return inconclusive(first.evidence);
    const outcome = await resumed(io, first.token, first.handle);
    await first.session.close();
    return refusedIsOn(outcome, 'resume beside the open socket: ');
  },
};

/**
 * How a connection's lifetime ends: one session held open (no input) until the service closes it.
 * Against the real service that is about ten minutes of Live time, the run's largest cost.
 */
const lifetimeProbe: Probe = {
  name: 'lifetime-deadline-1011',
  mints: 1,
  sessions: 1,
  liveSeconds: (io) => io.lifetimeWaitMs / 1000,
  run: async (io) => {
    const { token, evidence } = await mintFor(io, { uses: 1 });
    if (!token) return inconclusive(evidence);
    const { session, outcome } = await started(io, token, setupOf(io));
    if (outcome === 'timeout' || outcome.kind === 'closed') {
      await session.close();
      return inconclusive(describeOutcome(outcome));
    }
    const end = await until(session, () => false, io.lifetimeWaitMs);
    await session.close();
    if (end === 'timeout') return inconclusive(`still open after ${Math.round(io.lifetimeWaitMs / 1000)} s`);
    if (end.kind === 'closed' && end.code === 1011) return on(describeOutcome(end));
    if (end.kind === 'closed' && end.code === 1008) return off(describeOutcome(end));
    return inconclusive(describeOutcome(end));
  },
};

export const QUIRK_PROBES: Readonly<Partial<Record<QuirkName, Probe>>> = {
  'rest-refuses-live-connect-constraints': restRefusesConstraints,
  'indented-frames': indentedFrames,
  'full-lock-default-text': fullLockDefaultText,
  'full-lock-ignores-client': fullLockIgnoresClient,
  'resume-costs-use': resumeCostsUse,
  'one-socket-per-session': oneSocketPerSession,
  'lifetime-deadline-1011': lifetimeProbe,
};

/** Quirks no probe can decide, with the reason the report gives. */
export const NOT_PROBED: Readonly<Partial<Record<QuirkName, string>>> = {
  'resume-loses-context':
    'not probed: needs a model that answers from what was said before the resume, which an audio-only probe cannot read',
};
