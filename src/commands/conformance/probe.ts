// What a probe is: one behaviour, what it spends, and how it finds out. A probe never throws for an
// answer it did not expect: it reports no value (inconclusive) with what it saw as evidence; only
// the run-ending failures of the port (a refused key, the network) are thrown.

import type { ProbeIo } from './probe-io.js';

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
