// Device ports (docs/architecture.md, "Ports"). The session and the playback buffer only see these; the mic,
// file and speaker adapters implement them, and tests pass hand-written fakes.

import type { ChildLauncher } from '../children/launcher.js';

/**
 * Receives capture audio in FRAME_MS frames: PCM s16le, mono, 16 kHz, FRAME_BYTES (640) bytes each.
 * Only the last frame of a source that ends (a file) may be shorter, and it holds whole samples.
 * The mic and file inputs cut them with audio/pcm/chunker.ts; the session sends each frame as is.
 */
export interface AudioInputSink {
  chunk(frame: Buffer): void;
  /** The source has no more audio (end of file); a live microphone never ends by itself. */
  end(): void;
  error(error: Error): void;
  /**
   * False while what was handed over has not left (held for a connection, or in the socket's send
   * buffer). A source that can wait (a file or pipe with --fast) waits: memory stays bounded.
   */
  ready?(): boolean;
}

/** A capture source; it delivers frames as AudioInputSink describes. */
export interface AudioInput {
  /** For the status line and error messages, e.g. `mic:default` or `file:hello.wav`. */
  readonly label: string;
  /** Opens the device or file and starts delivering; rejects with AudioDeviceError/UsageError. */
  start(sink: AudioInputSink): Promise<void>;
  /** Stops delivering and releases the device (kills the arecord/sox child). Idempotent. */
  stop(): Promise<void>;
}

/** A playback device: PCM s16le, mono, 24 kHz. The PlaybackBuffer paces writes to it. */
export interface AudioOutput {
  readonly label: string;
  open(): Promise<void>;
  /** Hands bytes to the device. Never blocks; the caller keeps the device only ~100–200 ms ahead. */
  write(pcm: Buffer): void;
  /** Stops and releases the device. Idempotent. */
  close(): Promise<void>;
}

export interface MicrophoneOptions {
  /** ALSA/sox device name; `default` unless the user chose one (never mic's `plughw:1,0`). */
  readonly device: string;
  /** Starts arecord/sox with the command's child environment (its --pass-env); default: the allow-list over process.env. */
  readonly children?: ChildLauncher;
}

export interface SpeakerOptions {
  readonly sampleRate: number;
  /** A playback device by name (ALSA: `aplay -L`); undefined = the system's default. */
  readonly device?: string;
}

/** How commands obtain real devices; loaded lazily so `--help` never touches audio code. */
export interface DeviceFactories {
  microphone(options: MicrophoneOptions): Promise<AudioInput>;
  speaker(options: SpeakerOptions): Promise<AudioOutput>;
}

export const INPUT_SAMPLE_RATE = 16_000;
export const OUTPUT_SAMPLE_RATE = 24_000;
export const BYTES_PER_SAMPLE = 2;

// 20 ms: inside the Live API's recommended 20–40 ms per realtime audio message, and short enough
// that a frame never waits long for its neighbours (latency target: p99 ≤ 2 ms added).
export const FRAME_MS = 20;
/** 320 samples of s16le mono at 16 kHz. */
export const FRAME_BYTES = (INPUT_SAMPLE_RATE * FRAME_MS * BYTES_PER_SAMPLE) / 1000;
