// Every expected failure is a GemtokenError with a stable exit code and a one-line hint.
// Only cli.ts catches, renders and exits (the exit codes are listed in README.md).

import { printable } from './printable.js';

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  auth: 3,
  rejected: 4,
  network: 5,
  audio: 6,
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class GemtokenError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flag, duration, JSON config, missing key without a TTY. */
export class UsageError extends GemtokenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, hint, options);
  }
}

/** Bad API key; token invalid, expired or used up. */
export class AuthError extends GemtokenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.auth, hint, options);
  }
}

/** The API understood the request and refused it (invalid argument, model not found, quota after retries). */
export class ApiRejectedError extends GemtokenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.rejected, hint, options);
  }
}

/** Connect failure, timeout, 5xx or 1011 after retries. */
export class NetworkError extends GemtokenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.network, hint, options);
  }
}

/** No arecord/sox, speaker addon not built, device busy or missing. */
export class AudioDeviceError extends GemtokenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.audio, hint, options);
  }
}

/**
 * No ffmpeg for --video/--camera/--screen, or a camera or screen that cannot be opened: the same
 * code as an audio device, since it is the same kind of fix (install a tool, pick another device).
 */
export class VideoDeviceError extends GemtokenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.audio, hint, options);
  }
}

/** The signals that stop a command, and their codes: 128 + the signal's number, as shells report it. */
export const SIGNAL_EXIT_CODES = {
  SIGHUP: ExitCode.hangup,
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
} as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Ctrl-C (SIGINT, or the key in raw mode), or a stop signal: SIGTERM (systemd, `docker stop`, CI) or SIGHUP. */
export class InterruptedError extends GemtokenError {
  readonly signal: StopSignal;

  constructor(message = 'interrupted', signal: StopSignal = 'SIGINT') {
    super(message, SIGNAL_EXIT_CODES[signal]);
    this.signal = signal;
  }

  static by(signal: StopSignal): InterruptedError {
    return new InterruptedError(signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`, signal);
  }
}

export interface RenderedError {
  readonly exitCode: ExitCode;
  readonly lines: readonly string[];
}

/**
 * Turns any thrown value into the lines printed on stderr and the exit code.
 * Expected failures give one line (plus a hint line); anything else is a bug: exit 1, and the
 * stack only when verbose. `redact` is applied by the caller's writer, not here.
 */
export function renderError(error: unknown, verbose: boolean): RenderedError {
  if (error instanceof GemtokenError) {
    const lines = [`gemtoken: ${oneLine(error.message)}`];
    if (error.hint) lines.push(`hint: ${oneLine(error.hint)}`);
    if (verbose && error.cause instanceof Error && error.cause.stack)
      lines.push(printable(error.cause.stack, { multiline: true }));
    return { exitCode: error.exitCode, lines };
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`gemtoken: internal error: ${oneLine(message)}`];
  lines.push(
    verbose && error instanceof Error && error.stack
      ? printable(error.stack, { multiline: true })
      : 'hint: this is a bug in gemtoken; rerun with --verbose and report it',
  );
  return { exitCode: ExitCode.internal, lines };
}

/** Messages quote servers (REST errors, close reasons): one line, and no control sequences. */
function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' ')).trim();
}
