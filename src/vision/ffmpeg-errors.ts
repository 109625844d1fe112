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

/**
 * The first line ffmpeg wrote, the cause (the lines after it are its consequences, e.g. x11grab's
 * `Cannot open display :5, error 1.` then `:5: Input/output error`), without the `[x11grab @ 0x…] `
 * that names ffmpeg's component or the closing full stop.
 */
export function firstCause(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .map((text) => text.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, '').trim())
    .find((text) => text.length > 0);
  return line?.replace(/\.$/, '');
}

/** The hint of a screen ffmpeg could not read, before or during the session. */
export const SCREEN_HINT = 'check that DISPLAY names a running X server you may capture';

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
  return new VideoDeviceError(message, SCREEN_HINT);
}
