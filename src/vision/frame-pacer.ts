// Hands a source's frames on at its frame rate, by the injected clock: frame i no earlier than the
// first frame's arrival + i / fps. A file's frames come out of ffmpeg faster than that and wait
// (the pipe is paused while the queue is full); a camera's come at their own pace and go at once.

import type { Cancel, Clock } from '../clock.js';
import { frameDueAt, type FrameQueue } from './frame-queue.js';

export interface PacedSink<T> {
  frame(frame: T): void;
  end(): void;
}

export class FramePacer<T> {
  readonly #clock: Clock;
  readonly #fps: number;
  readonly #queue: FrameQueue<T>;
  readonly #sink: PacedSink<T>;
  readonly #onRoom: () => void;
  #startedAt: number | undefined;
  #sent = 0;
  #timer: Cancel | undefined;
  #finished = false;
  #stopped = false;

  /** `onRoom`: the queue has room again (a paused source may resume). */
  constructor(clock: Clock, fps: number, queue: FrameQueue<T>, sink: PacedSink<T>, onRoom: () => void) {
    this.#clock = clock;
    this.#fps = fps;
    this.#queue = queue;
    this.#sink = sink;
    this.#onRoom = onRoom;
  }

  /** Frames delivered so far. */
  get sent(): number {
    return this.#sent;
  }

  /** Takes a frame; false when the queue is full (a source that can wait should pause). */
  push(frame: T): boolean {
    if (this.#stopped) return true;
    this.#startedAt ??= this.#clock.monotonic();
    this.#queue.push(frame);
    this.#schedule();
    return this.#queue.hasRoom;
  }

  /** No more frames come; the sink's end() follows the last one. */
  finish(): void {
    this.#finished = true;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.();
    this.#timer = undefined;
    this.#queue.clear();
  }

  #schedule(): void {
    if (this.#stopped || this.#timer) return;
    if (this.#queue.size === 0) {
      if (this.#finished) {
        this.#stopped = true;
        this.#sink.end();
      }
      return;
    }
    const due = frameDueAt(this.#startedAt ?? this.#clock.monotonic(), this.#sent, this.#fps);
    this.#timer = this.#clock.setTimeout(() => this.#deliver(), Math.max(0, Math.ceil(due - this.#clock.monotonic())));
  }

  #deliver(): void {
    this.#timer = undefined;
    const frame = this.#queue.shift();
    if (frame === undefined || this.#stopped) return;
    this.#sent += 1;
    this.#sink.frame(frame);
    if (this.#queue.hasRoom) this.#onRoom();
    this.#schedule();
  }
}
