// What an ffmpeg child's failure means, in one line with its fix: not installed (exit 6 with the
// install command), a camera or screen that would not open (exit 6), a file it could not read (exit 2).

import { UsageError, VideoDeviceError, type GemtokenError } from '../errors.js';
import type { VideoSource } from './ffmpeg-args.js';

export function ffmpegStartError(error: NodeJS.ErrnoException, program: string, installHint: string): VideoDeviceError {
  if (error.code === 'ENOENT')
    return new VideoDeviceError(
      `${program} is not installed (not found on PATH); --video, --camera and --screen need it`,
      installHint,
      { cause: error },
    );
  return new VideoDeviceError(`cannot start ${program}: ${error.message}`, installHint, { cause: error });
}

/** The last line ffmpeg wrote that says something. */
export function lastLine(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .at(-1);
}

export interface FfmpegExit {
  readonly label: string;
  readonly source: VideoSource;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export function ffmpegFailure(exit: FfmpegExit): GemtokenError {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const detail = lastLine(exit.stderr);
  const message = `ffmpeg reading the ${exit.label} ${how}${detail ? `: ${detail}` : ''}`;
  if (exit.source.kind === 'file') return new UsageError(message, 'check that ffmpeg can play it: ffplay FILE');
  if (exit.source.kind === 'camera')
    return new VideoDeviceError(
      message,
      'list cameras with `gemtoken devices`; --camera lavfi:testsrc sends a test picture',
    );
  return new VideoDeviceError(message, 'check that DISPLAY names a screen you may capture');
}
