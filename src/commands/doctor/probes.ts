// The doctor's view of the machine. The real implementation (system-probes.ts) touches PATH, the
// audio adapters and the network; tests pass fakes, so every check's verdict is testable per platform.

import type { PlaybackOutcome } from '../../audio/devices/playback-probe.js';

export type { PlaybackOutcome };

export type CaptureOutcome =
  /** The device opened; `peak` is the loudest sample seen (0..1 of full scale). */
  | { readonly kind: 'audio'; readonly bytes: number; readonly peak: number }
  | { readonly kind: 'error'; readonly message: string };

export type HttpOutcome =
  { readonly kind: 'answered'; readonly status: number } | { readonly kind: 'failed'; readonly message: string };

export interface DoctorProbes {
  /** process.versions.node, e.g. "20.11.1". */
  readonly nodeVersion: string;
  /** The text of /etc/os-release on Linux, else undefined. */
  osRelease(): Promise<string | undefined>;
  /** The full path of `program` when it is on PATH. */
  findOnPath(program: string): Promise<string | undefined>;
  /** Opens the capture device through the mic adapter and listens for at most `windowMs`. */
  capture(device: string, windowMs: number): Promise<CaptureOutcome>;
  /** Opens the default playback device through the speaker adapter, writes silence, closes it. */
  playback(): Promise<PlaybackOutcome>;
  /** Any HTTP answer from `url` within `timeoutMs` counts as reachable. */
  http(url: string, timeoutMs: number): Promise<HttpOutcome>;
}
