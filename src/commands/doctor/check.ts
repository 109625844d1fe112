// What a doctor check reports, and how a list of them becomes an exit code. Pure.

import { ExitCode } from '../../errors.js';

/** Which exit code a failure maps to: audio → 6, other local setup → 2, the API host → 5. */
export type CheckKind = 'local' | 'audio' | 'network';

export const CHECK_NAMES = [
  'node',
  'api-key',
  'capture-program',
  'speaker-addon',
  'capture-device',
  'playback-device',
  'api-host',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckResult {
  readonly name: CheckName;
  readonly kind: CheckKind;
  readonly ok: boolean;
  /** One line: what was found (never a secret). */
  readonly detail: string;
  /** The command (or one-line action) that fixes a failure on this platform. */
  readonly fix?: string;
}

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
