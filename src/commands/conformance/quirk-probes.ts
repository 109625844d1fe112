// One probe per quirk of the emulator's observed profile (src/emulator/quirks.ts), each named as
// `emulator --quirk` names it, so a differing row is also the flag that reproduces the service.
// docs/emulator.md says what each quirk is and where it was seen.

import type { QuirkName } from '../../emulator/quirks.js';
import {
  inconclusive,
  mintProbe,
  off,
  on,
  onceStarted,
  sessionProbe,
  type LiveStart,
  type Observation,
  type Probe,
} from './probe.js';
import type { ProbeIo } from './probe-io.js';
import {
  describeOutcome,
  describeReply,
  firstHandle,
  isClose,
  isFrame,
  newHandle,
  setupOf,
  started,
  TEXT_TURN,
  turnComplete,
  until,
  type Message,
  type Outcome,
} from './probe-steps.js';

const RESUMABLE: Message = { sessionResumption: {} };

/** For a quirk that is a refusal: a close is the quirk, setupComplete its absence, a timeout neither. */
function refusedIsOn(outcome: Outcome, what = ''): Observation {
  if (isClose(outcome)) return on(`${what}${describeOutcome(outcome)}`);
  if (isFrame(outcome)) return off(`${what}setupComplete`);
  return inconclusive(describeOutcome(outcome));
}

const restRefusesConstraints = mintProbe({
  name: 'rest-refuses-live-connect-constraints',
  token: (io) => ({
    liveConnectConstraints: { model: `models/${io.model}`, config: { responseModalities: ['AUDIO'] } },
  }),
  judge: (reply) => {
    const evidence = describeReply(reply);
    if (reply.status === 200) return off(evidence);
    if (reply.status === 400 && /Unknown name/.test(reply.message ?? '')) return on(evidence);
    return inconclusive(evidence);
  },
});

const indentedFrames = sessionProbe({
  name: 'indented-frames',
  judge: onceStarted(({ text, message }) => {
    const seen = `setupComplete as ${JSON.stringify(text.slice(0, 24))}${text.length > 24 ? '…' : ''}`;
    if (text.endsWith('\n') && /\n\s+"/.test(text)) return on(seen);
    if (text === JSON.stringify(message)) return off(seen);
    return inconclusive(seen);
  }),
});

const fullLockDefaultText = sessionProbe({
  name: 'full-lock-default-text',
  token: (io) => ({ bidiGenerateContentSetup: { model: `models/${io.model}` } }),
  judge: (outcome) => refusedIsOn(outcome),
});

const fullLockIgnoresClient = sessionProbe({
  name: 'full-lock-ignores-client',
  token: (io) => ({
    bidiGenerateContentSetup: { model: `models/${io.model}`, generationConfig: { responseModalities: ['AUDIO'] } },
  }),
  setup: RESUMABLE,
  judge: onceStarted(async (_setupComplete, { io, session }) => {
    let handle = false;
    const sawHandle = (m: Message): boolean => {
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
    if (handle) return off('a resumption handle came');
    if (isFrame(end)) return on('turn completed, no resumption handle');
    return inconclusive(`no completed turn: ${describeOutcome(end)}`);
  }),
});

/** For a probe on a resumable session: its first handle, asking for a turn if need be; none is inconclusive. */
const withHandle = (judge: (start: LiveStart, handle: string) => Promise<Observation>) =>
  onceStarted(async (_setupComplete, start) => {
    const handle = await firstHandle(start.io, start.session);
    return handle ? judge(start, handle) : inconclusive('no resumption handle came');
  });

/** A second session on `token` that resumes `handle`, closed once its setup's outcome is in. */
async function resumed(io: ProbeIo, token: string, handle: string): Promise<Outcome> {
  const { session, outcome } = await started(io, token, setupOf(io, { sessionResumption: { handle } }));
  await session.close();
  return outcome;
}

const resumeCostsUse = sessionProbe({
  name: 'resume-costs-use',
  sessions: 2,
  setup: RESUMABLE,
  judge: withHandle(async ({ io, token, session }, handle) => {
    await session.close();
    return refusedIsOn(await resumed(io, token, handle), 'resume on the spent token: ');
  }),
});

const oneSocketPerSession = sessionProbe({
  name: 'one-socket-per-session',
  token: () => ({ uses: 3 }),
  sessions: 2,
  setup: RESUMABLE,
  judge: withHandle(async ({ io, token }, handle) =>
    refusedIsOn(await resumed(io, token, handle), 'resume beside the open socket: '),
  ),
});

/**
 * How a connection's lifetime ends: one session held open (no input) until the service closes it.
 * Against the real service that is about ten minutes of Live time, the run's largest cost.
 */
const lifetimeProbe = sessionProbe({
  name: 'lifetime-deadline-1011',
  liveSeconds: (io) => io.lifetimeWaitMs / 1000,
  judge: onceStarted(async (_setupComplete, { io, session }) => {
    const end = await until(session, () => false, io.lifetimeWaitMs);
    if (end === 'timeout') return inconclusive(`still open after ${Math.round(io.lifetimeWaitMs / 1000)} s`);
    if (end.kind === 'closed' && end.code === 1011) return on(describeOutcome(end));
    if (end.kind === 'closed' && end.code === 1008) return off(describeOutcome(end));
    return inconclusive(describeOutcome(end));
  }),
});

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
