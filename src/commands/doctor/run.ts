// `gemtoken doctor`: run the checks against the real machine and print them (list or JSON).

import { BIN_PATH } from '../bin-path.js';
import { resolveBaseUrl } from '../../config.js';
import type { Context } from '../../context.js';
import { doctorExitCode, toJsonReport } from './check.js';
import { runDoctor } from './run-checks.js';
import { playbackInProcess, systemProbes } from './system-probes.js';
import type { DoctorProbes } from './probes.js';
import { formatCheck, formatSummary, stdoutColor } from '../../terminal/check-list.js';

export interface DoctorFlags {
  readonly online?: boolean;
  readonly baseUrl?: string;
  readonly json?: boolean;
  /** Internal: the playback check's child mode (see audio/devices/playback-probe.ts). */
  readonly probePlayback?: boolean;
  /** Internal: the device the playback child opens (talk --output-device). */
  readonly probeDevice?: string;
}

export async function runDoctorCommand(ctx: Context, flags: DoctorFlags, probes: DoctorProbes = systemProbes(ctx, BIN_PATH)): Promise<number> {
  if (flags.probePlayback) {
    ctx.stdout.write(`${JSON.stringify(await playbackInProcess(ctx, flags.probeDevice))}\n`);
    return 0;
  }
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
    ...(onlineUrl !== undefined ? { onlineUrl } : {}),
    ...(flags.json ? {} : { onResult: (result) => formatCheck(result, color).forEach(print) }),
  });
  if (flags.json) print(JSON.stringify(toJsonReport(results)));
  else print(formatSummary(results, color));
  return doctorExitCode(results);
}
