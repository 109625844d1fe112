// The report, pure: for each behaviour what the documentation says, what the profile under test
// expects, what was observed and on what evidence, and whether the last two agree. A behaviour that
// was not probed (no probe can decide it, or `--only` left it out) is listed and never decides the
// verdict; an inconclusive probe counts as a difference, since nobody can say the profile holds.

import type { Observation } from './probe.js';

export const NOT_PROBED = 'not probed';
export const INCONCLUSIVE = 'inconclusive';

export interface Expectation {
  readonly behaviour: string;
  /** What Google's documentation says ('on'/'off', 'accepted'/'refused', or 'unknown'). */
  readonly documented: string;
  /** What the profile under test expects. */
  readonly emulator: string;
}

export interface Row extends Expectation {
  readonly observed: string;
  readonly evidence: string;
  /** undefined when not probed. */
  readonly match: boolean | undefined;
}

export interface Report {
  readonly profile: string;
  readonly rows: readonly Row[];
  /** 0: every probed behaviour matches the profile; 1: one differs or is inconclusive. */
  readonly exitCode: 0 | 1;
  readonly differing: readonly string[];
}

/** `observed`: what each probe found; a behaviour missing from it was not probed (`reasons` say why). */
export function compareRows(
  expectations: readonly Expectation[],
  observed: ReadonlyMap<string, Observation>,
  reasons: ReadonlyMap<string, string> = new Map(),
): Row[] {
  return expectations.map((expectation) => {
    const seen = observed.get(expectation.behaviour);
    if (!seen)
      return {
        ...expectation,
        observed: NOT_PROBED,
        evidence: reasons.get(expectation.behaviour) ?? NOT_PROBED,
        match: undefined,
      };
    const value = seen.value ?? INCONCLUSIVE;
    return { ...expectation, observed: value, evidence: seen.evidence, match: value === expectation.emulator };
  });
}

export function verdict(rows: readonly Row[]): 0 | 1 {
  return rows.every((row) => row.match !== false) ? 0 : 1;
}

export function report(profile: string, rows: readonly Row[]): Report {
  return {
    profile,
    rows,
    exitCode: verdict(rows),
    differing: rows.filter((row) => row.match === false).map((row) => row.behaviour),
  };
}
