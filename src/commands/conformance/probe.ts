// What a probe is: one behaviour, what it spends, and how it finds out. A probe never throws for an
// answer it did not expect: it reports no value (inconclusive) with what it saw as evidence; only
// the run-ending failures of the port (a refused key, the network) are thrown. Most probes take one
// of two shapes, built here so each states only what it sends and how it reads the answer: a mint
// alone (mintProbe), or a mint and a session started on its token (sessionProbe).

import type { Frame, LiveProbeSession, MintReply, ProbeIo } from './probe-io.js';
import { describeOutcome, isFrame, mintFor, setupOf, started, type Message, type Outcome } from './probe-steps.js';

export interface Observation {
  /** 'on'/'off' for a quirk, 'accepted'/'refused' for a mask path or a token's session; undefined: inconclusive. */
  readonly value?: string;
  readonly evidence: string;
}

export interface Probe {
  /** The behaviour: a quirk's name as `emulator --quirk` takes it, `mask:<kind>` or `token:<limit>`. */
  readonly name: string;
  readonly mints: number;
  readonly sessions: number;
  /** The most Live time (seconds) it may hold sessions open for, for the spend notice. */
  liveSeconds(io: Pick<ProbeIo, 'waitMs' | 'lifetimeWaitMs'>): number;
  run(io: ProbeIo): Promise<Observation>;
}

export const on = (evidence: string): Observation => ({ value: 'on', evidence });
export const off = (evidence: string): Observation => ({ value: 'off', evidence });
export const inconclusive = (evidence: string): Observation => ({ evidence: `inconclusive: ${evidence}` });

/** A session that sends setup and maybe one short turn: a few seconds of Live time at most. */
export const shortSession = (io: Pick<ProbeIo, 'waitMs'>): number => Math.min(10, io.waitMs / 1000);

/** The token a probe mints: `uses: 1` and these fields (which may set `uses` too). */
type TokenFields = (io: ProbeIo) => Message;
const tokenBody = (io: ProbeIo, fields: TokenFields | undefined): Message => ({ uses: 1, ...fields?.(io) });

/** A probe that only mints one token and reads the service's reply. */
export function mintProbe(spec: {
  readonly name: string;
  readonly token: TokenFields;
  judge(reply: MintReply): Observation;
}): Probe {
  return {
    name: spec.name,
    mints: 1,
    sessions: 0,
    liveSeconds: () => 0,
    run: async (io) => spec.judge(await io.mint(tokenBody(io, spec.token))),
  };
}

/** What a session probe's judge is given beside the setup's outcome. */
export interface LiveStart {
  readonly io: ProbeIo;
  /** The minted token, for further sessions on it. */
  readonly token: string;
  /** Still open; the probe closes it after the judge (a judge may close it sooner). */
  readonly session: LiveProbeSession;
}

/**
 * Mints a token, starts a session on it with a setup (no token: inconclusive, with the mint's reply),
 * lets `judge` read the setup's outcome and do more with the session, then closes the session.
 */
export function sessionProbe(spec: {
  readonly name: string;
  readonly token?: TokenFields;
  /** The setup's fields besides the model and audio replies (setupOf). */
  readonly setup?: Message;
  /** Sessions opened in all, this one included (default 1). */
  readonly sessions?: number;
  /** Default: a short session each. */
  readonly liveSeconds?: Probe['liveSeconds'];
  judge(outcome: Outcome, start: LiveStart): Observation | Promise<Observation>;
}): Probe {
  const sessions = spec.sessions ?? 1;
  return {
    name: spec.name,
    mints: 1,
    sessions,
    liveSeconds: spec.liveSeconds ?? ((io) => sessions * shortSession(io)),
    run: async (io) => {
      const { token, evidence } = await mintFor(io, tokenBody(io, spec.token));
      if (!token) return inconclusive(evidence);
      const { session, outcome } = await started(io, token, setupOf(io, spec.setup));
      try {
        return await spec.judge(outcome, { io, token, session });
      } finally {
        // Also when a judge's further step throws (the run ends): no session is left open.
        await session.close();
      }
    },
  };
}

/** A judge for a behaviour that needs the session started: a close or no answer is inconclusive. */
export const onceStarted =
  (judge: (setupComplete: Frame, start: LiveStart) => Observation | Promise<Observation>) =>
  (outcome: Outcome, start: LiveStart): Observation | Promise<Observation> =>
    isFrame(outcome) ? judge(outcome, start) : inconclusive(describeOutcome(outcome));
