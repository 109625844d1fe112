// Device ports (design.md §4.7). The session and the playback buffer only see these; the mic,
// speaker, WAV-file and null adapters implement them, and tests pass hand-written fakes.

/** Receives capture audio: PCM s16le, mono, 16 kHz. */
export interface AudioInputSink {
  chunk(pcm: Buffer): void;
  /** The source has no more audio (end of file); a live microphone never ends by itself. */
  end(): void;
  error(error: Error): void;
}

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
}

export interface SpeakerOptions {
  readonly sampleRate: number;
}

/** How commands obtain real devices; loaded lazily so `--help` never touches audio code. */
export interface DeviceFactories {
  microphone(options: MicrophoneOptions): Promise<AudioInput>;
  speaker(options: SpeakerOptions): Promise<AudioOutput>;
}

export const INPUT_SAMPLE_RATE = 16_000;
export const OUTPUT_SAMPLE_RATE = 24_000;
export const BYTES_PER_SAMPLE = 2;
