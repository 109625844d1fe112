// How a connection's lifetime ends: one session held open (no input) until the service closes it.
// Against the real service that is about ten minutes of Live time, the run's largest cost.

import { inconclusive, off, on, type Probe } from './probe.js';
import { describeOutcome, mintFor, setupOf, started, until } from './probe-steps.js';

export const lifetimeProbe: Probe = {
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
