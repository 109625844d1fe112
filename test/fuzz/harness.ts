// The property harness: every property runs with one seed per test file, taken from
// GEMTOKEN_FUZZ_SEED, so a failure prints the seed, the counterexample path and the command that
// replays exactly that case. `npm test` uses a fixed seed, so CI is deterministic: the same cases on
// every run (a slower machine runs a prefix of them within the budget); `npm run fuzz` draws a new
// seed each run to look further. `npm test` runs a few cases per property within a short
// time budget; `npm run fuzz` (test/fuzz/run.mjs) runs the same properties for minutes.

import fc from 'fast-check';
import { it } from 'vitest';

export interface FuzzMeta {
  readonly property: string;
  readonly runs: number;
  readonly skips: number;
  readonly ms: number;
  readonly seed: number;
  readonly failed: boolean;
  /** Figures a property measured (e.g. the slowest exit after SIGTERM), for the run's summary. */
  readonly measured: Record<string, number>;
}

declare module 'vitest' {
  interface TaskMeta {
    fuzz?: FuzzMeta;
  }
}

const intFrom = (name: string): number | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' || !Number.isFinite(Number(value)) ? undefined : Number(value);
};

/** How many cases and how long per property: small by default so `npm test` stays quick. */
export const FUZZ = {
  seed: intFrom('GEMTOKEN_FUZZ_SEED') ?? 1919,
  path: process.env.GEMTOKEN_FUZZ_PATH || undefined,
  runs: intFrom('GEMTOKEN_FUZZ_RUNS') ?? 4,
  /** Per property; the fuzz runner sets it from GEMTOKEN_FUZZ_MINUTES and the number of properties. */
  budgetMs: intFrom('GEMTOKEN_FUZZ_PROPERTY_MS') ?? 8_000,
} as const;

/** Figures a running property adds to its summary line: the largest value seen under each name. */
export class Measured {
  readonly values: Record<string, number> = {};
  max(name: string, value: number): void {
    this.values[name] = Math.max(this.values[name] ?? value, value);
  }
}

export interface FuzzOptions {
  /** The longest one case may take (its own bounds included), so the test's timeout covers it. */
  readonly caseMs: number;
}

/**
 * One property as one vitest test. `predicate` throws (an `expect`) when the property does not hold.
 * A case still in flight when the time budget ends is awaited, never abandoned, so no child process
 * of one property outlives its test.
 */
export function fuzzIt<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T, measured: Measured) => Promise<void>,
  options: FuzzOptions,
): void {
  it(
    name,
    async ({ task }) => {
      const measured = new Measured();
      let inFlight: Promise<void> = Promise.resolve();
      const started = performance.now();
      const details = await fc.check(
        fc.asyncProperty(arbitrary, (value) => {
          inFlight = predicate(value, measured);
          return inFlight;
        }),
        { seed: FUZZ.seed, path: FUZZ.path, numRuns: FUZZ.runs, interruptAfterTimeLimit: FUZZ.budgetMs },
      );
      await inFlight.catch(() => undefined);
      task.meta.fuzz = {
        property: name,
        runs: details.numRuns,
        skips: details.numSkips,
        ms: Math.round(performance.now() - started),
        seed: details.seed,
        failed: details.failed,
        measured: measured.values,
      };
      if (details.failed) throw new Error(failureReport(name, details));
    },
    FUZZ.budgetMs + 2 * options.caseMs + 30_000,
  );
}

/** The seed, the path and the replay command first: they are what a CI log reader needs. */
function failureReport<T>(name: string, details: fc.RunDetails<[T]>): string {
  const pattern = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll("'", "'\\''");
  const replay = `GEMTOKEN_FUZZ_SEED=${details.seed} GEMTOKEN_FUZZ_PATH=${details.counterexamplePath} GEMTOKEN_FUZZ_RUNS=1 npx vitest run test/fuzz -t '${pattern}'`;
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return [
    `property failed: ${name}`,
    `seed ${details.seed}, path ${details.counterexamplePath}`,
    `replay: ${replay}`,
    `why: ${why.slice(0, 1500)}`,
    fc.defaultReportMessage(details) ?? '',
  ].join('\n');
}
