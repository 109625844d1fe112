// Types of the playback buffer's API (kept apart so playback-buffer.ts stays small).

import type { Clock } from '../../clock.js';
import type { AudioOutput } from '../ports.js';

export interface PlaybackWriteEvent {
  readonly bytes: number;
  /** Clock.monotonic() when the network chunk was enqueued. */
  readonly enqueuedAt: number;
  readonly writtenAt: number;
  /** True when pacing held the bytes back (intended buffering, not processing delay). */
  readonly held: boolean;
}

export interface PlaybackBufferOptions {
  readonly output: AudioOutput;
  readonly clock: Clock;
  readonly sampleRate?: number;
  /** Most audio ever handed to the device ahead of real time. */
  readonly leadMs?: number;
  readonly tickMs?: number;
  /** Do not bother the device with slices smaller than this (unless it finishes a chunk). */
  readonly minWriteMs?: number;
  readonly underrun?: 'silence' | 'stop';
  readonly maxSilenceMs?: number;
  /** Latency hook for the benchmark (issue 4 row 4). */
  readonly onWrite?: (event: PlaybackWriteEvent) => void;
}

export interface FlushReport {
  /** Queued audio dropped without reaching the device. */
  readonly droppedMs: number;
  /** Audio (and fill) already in the device that will still play: the barge-in tail, ≤ leadMs. */
  readonly inDeviceMs: number;
  /** Audio of the interrupted turn heard up to now / that will have been heard once the device drains. */
  readonly heardMs: number;
  readonly writtenMs: number;
  readonly receivedMs: number;
}

export interface TurnProgress {
  readonly receivedMs: number;
  readonly writtenMs: number;
  readonly playedMs: number;
  readonly queuedMs: number;
}

export interface PlaybackStats {
  readonly underruns: number;
  readonly silenceMs: number;
  readonly writes: number;
  readonly maxLeadMs: number;
}
