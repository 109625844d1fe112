// Sorting real adapter/network failures into what the doctor reports. Pure.

import type { PlaybackOutcome } from './probes.js';

/**
 * SpeakerOutput.open() fails in two ways with one error class: the addon does not load ("cannot
 * play audio: …", from the dynamic import) or the device does not open ("cannot open the audio
 * output device: …", from speaker's _open). Only the message tells them apart.
 */
export function classifyPlaybackError(error: unknown): PlaybackOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return /^cannot open the audio output device/.test(message) ? { kind: 'device', message } : { kind: 'addon', message };
}

/** One line for a failed fetch: the timeout reason, or undici's `cause` code (ECONNREFUSED, ENOTFOUND…). */
export function describeFetchError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.message) return cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
