// Hand-written fakes for the audio ports (docs/architecture.md, "Ports"). Drive pacing with FakeClock (fake-clock.ts).

import { FrameChunker } from '../../src/audio/pcm/chunker.js';
import type { Clock } from '../../src/clock.js';
import type { AudioInput, AudioInputSink, AudioOutput } from '../../src/audio/ports.js';

export interface RecordedWrite {
  readonly at: number;
  readonly pcm: Buffer;
}

/** Records what is handed to the "device" and when. */
export class FakeAudioOutput implements AudioOutput {
  readonly label = 'fake-out';
  readonly writes: RecordedWrite[] = [];
  opened = false;
  closed = false;

  constructor(private readonly clock?: Clock) {}

  async open(): Promise<void> {
    this.opened = true;
  }

  write(pcm: Buffer): void {
    this.writes.push({ at: this.clock?.monotonic() ?? 0, pcm: Buffer.from(pcm) });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get bytes(): Buffer {
    return Buffer.concat(this.writes.map((w) => w.pcm));
  }
}

/** Collects what an AudioInput delivers. */
export class RecordingSink implements AudioInputSink {
  readonly chunks: Buffer[] = [];
  ended = false;
  errors: Error[] = [];
  private waiters: (() => void)[] = [];

  chunk(pcm: Buffer): void {
    this.chunks.push(Buffer.from(pcm));
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  error(error: Error): void {
    this.errors.push(error);
    this.wake();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Resolves when `predicate` holds after some delivery. */
  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (predicate()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/**
 * An AudioInput the test drives by hand. Like every real input it keeps the port's contract: what
 * the test pushes is cut into 640-byte frames, and finish() delivers the short last frame first.
 */
export class FakeAudioInput implements AudioInput {
  readonly label = 'fake-in';
  sink: AudioInputSink | undefined;
  stopped = false;
  readonly #chunker = new FrameChunker();

  async start(sink: AudioInputSink): Promise<void> {
    this.sink = sink;
  }

  push(pcm: Buffer): void {
    if (this.stopped) return;
    for (const frame of this.#chunker.push(pcm)) this.sink?.chunk(frame);
  }

  finish(): void {
    const rest = this.#chunker.flush();
    if (rest.length > 0 && !this.stopped) this.sink?.chunk(rest);
    this.sink?.end();
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}
