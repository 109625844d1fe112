// Runs the checks in dependency order: a missing capture program means the capture device is not
// tried, and a speaker addon that does not load means the playback device is not tried.

import { captureProgram } from '../../audio/system/platform.js';
import type { EnvSnapshot } from '../../config.js';
import type { CheckResult } from '../../terminal/check-types.js';
import {
  checkApiHost,
  checkApiKey,
  checkCapture,
  checkCaptureProgram,
  checkFfmpeg,
  checkNode,
  checkPlayback,
  checkSpeakerAddon,
  skippedCapture,
} from './evaluate.js';
import { fixesFor } from './fixes.js';
import type { DoctorProbes } from './probes.js';

export const CAPTURE_WINDOW_MS = 1500;
export const HTTP_TIMEOUT_MS = 5000;
/** What `talk` records from unless --input-device says otherwise. */
export const DEFAULT_CAPTURE_DEVICE = 'default';

export interface DoctorOptions {
  readonly platform: NodeJS.Platform;
  readonly env: EnvSnapshot;
  /** Set with --online: the resolved API base URL to try. */
  readonly onlineUrl?: string;
  /** Called after each check, so a terminal can show progress while the slow ones run. */
  readonly onResult?: (result: CheckResult) => void;
}

export async function runDoctor(probes: DoctorProbes, options: DoctorOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (result: CheckResult): void => {
    results.push(result);
    options.onResult?.(result);
  };
  const fixes = fixesFor(options.platform, options.platform === 'linux' ? await probes.osRelease() : undefined);

  add(checkNode(probes.nodeVersion, fixes));
  add(checkApiKey(options.env, fixes));

  const program = captureProgram(options.platform);
  const programPath = await probes.findOnPath(program);
  add(checkCaptureProgram(program, programPath, fixes));

  const playback = await probes.playback();
  add(checkSpeakerAddon(playback, fixes));
  add(
    programPath
      ? checkCapture(
          DEFAULT_CAPTURE_DEVICE,
          await probes.capture(DEFAULT_CAPTURE_DEVICE, CAPTURE_WINDOW_MS),
          CAPTURE_WINDOW_MS,
          fixes,
        )
      : skippedCapture(DEFAULT_CAPTURE_DEVICE, program),
  );
  add(checkPlayback(playback, fixes));
  add(checkFfmpeg(await probes.findOnPath('ffmpeg'), fixes));

  if (options.onlineUrl !== undefined) {
    add(checkApiHost(options.onlineUrl, await probes.http(options.onlineUrl, HTTP_TIMEOUT_MS), fixes));
  }
  return results;
}
