// `gemtoken doctor`: run the checks against the real machine and print them (list or JSON).

import { PROBE_PATH } from '../bin-path.js';
import { launcherFor } from '../../children/pass-env.js';
import { resolveBaseUrl } from '../../config.js';
import type { Context } from '../../context.js';
import { runDoctor } from './run-checks.js';
import { systemProbes } from './system-probes.js';
import type { DoctorProbes } from './probes.js';
import { formatCheck, formatSummary, stdoutColor } from '../../terminal/check-list.js';
import { ExitCode } from '../../errors.js';
import { isAdvisory, type CheckResult } from '../../terminal/check-types.js';
import { definedProps } from '../../defined-props.js';

export interface DoctorFlags {
  readonly online?: boolean;
  readonly baseUrl?: string;
  readonly json?: boolean;
  readonly passEnv?: readonly string[];
}

export async function runDoctorCommand(
  ctx: Context,
  flags: DoctorFlags,
  probes: DoctorProbes = systemProbes(ctx, PROBE_PATH, launcherFor(ctx.env, flags.passEnv)),
): Promise<number> {
  // Never printed, but registered so no path (error messages included) can leak it.
  ctx.secrets.add(ctx.env.GEMINI_API_KEY?.trim());
  ctx.secrets.add(ctx.env.GOOGLE_API_KEY?.trim());
  ctx.secrets.add(ctx.env.GEMTOKEN_TOKEN?.trim());
  const onlineUrl = flags.online || flags.baseUrl !== undefined ? resolveBaseUrl(flags.baseUrl, ctx.env) : undefined;
  const color = stdoutColor(ctx);
  const print = (line: string): void => void ctx.stdout.write(`${ctx.secrets.redact(line)}\n`);

  const results = await runDoctor(probes, {
    platform: ctx.platform,
    env: ctx.env,
    ...definedProps({ onlineUrl }),
    ...(flags.json ? {} : { onResult: (result) => formatCheck(result, color).forEach(print) }),
  });
  if (flags.json) print(JSON.stringify(toJsonReport(results)));
  else print(formatSummary(results, color));
  return doctorExitCode(results);
}

// The exit code and the --json report of a list of check results (terminal/check-types.ts). Pure.
export interface JsonReport {
  readonly ok: boolean;
  /** A failed advisory check (ffmpeg, for video only) is listed with `advisory: true` and leaves `ok` true. */
  readonly checks: readonly { name: string; ok: boolean; detail: string; fix?: string; advisory?: true }[];
}

/**
 * 0 when every check passed (talk would work). Otherwise audio problems win (6, what `talk` itself
 * would exit with), then other local problems (2), then an unreachable API host (5).
 */
export function doctorExitCode(results: readonly CheckResult[]): ExitCode {
  const failed = new Set(results.filter((r) => !r.ok && !isAdvisory(r)).map((r) => r.kind));
  if (failed.has('audio')) return ExitCode.audio;
  if (failed.has('local')) return ExitCode.usage;
  if (failed.has('network')) return ExitCode.network;
  return ExitCode.ok;
}

export function toJsonReport(results: readonly CheckResult[]): JsonReport {
  return {
    ok: results.every((r) => r.ok || isAdvisory(r)),
    checks: results.map((r) => ({
      name: r.name,
      ok: r.ok,
      detail: r.detail,
      ...definedProps({ fix: r.fix, advisory: isAdvisory(r) ? (true as const) : undefined }),
    })),
  };
}
