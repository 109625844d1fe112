// How a list of doctor check results (terminal/check-types.ts) becomes an exit code and a JSON report. Pure.

import { ExitCode } from '../../errors.js';
import type { CheckResult } from '../../terminal/check-types.js';

export interface JsonReport {
  readonly ok: boolean;
  readonly checks: readonly { name: string; ok: boolean; detail: string; fix?: string }[];
}

/**
 * 0 when every check passed (talk would work). Otherwise audio problems win (6, what `talk` itself
 * would exit with), then other local problems (2), then an unreachable API host (5).
 */
export function doctorExitCode(results: readonly CheckResult[]): ExitCode {
  const failed = new Set(results.filter((r) => !r.ok).map((r) => r.kind));
  if (failed.has('audio')) return ExitCode.audio;
  if (failed.has('local')) return ExitCode.usage;
  if (failed.has('network')) return ExitCode.network;
  return ExitCode.ok;
}

export function toJsonReport(results: readonly CheckResult[]): JsonReport {
  return {
    ok: results.every((r) => r.ok),
    checks: results.map(({ name, ok, detail, fix }) =>
      fix === undefined ? { name, ok, detail } : { name, ok, detail, fix },
    ),
  };
}
