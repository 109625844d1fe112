// Pure: how many frames may wait, and which go. At the source, the few frames waiting for their time:
// a file can wait, so a full queue tells it to pause (nothing is lost); a camera or the screen cannot,
// so the oldest frame goes and is counted: a stale picture is worth less than the current one. At the
// socket, at most one frame waits for room (LatestFrame). Either way memory stays bounded.

export type QueuePolicy = 'wait' | 'drop-oldest';

/** Frames a source may have waiting: enough to ride out a late timer, never a backlog. */
export const FRAME_QUEUE_LIMIT = 2;

export class FrameQueue<T> {
  readonly #limit: number;
  readonly #policy: QueuePolicy;
  #items: T[] = [];
  dropped = 0;

  constructor(policy: QueuePolicy, limit = FRAME_QUEUE_LIMIT) {
    this.#policy = policy;
    this.#limit = Math.max(1, limit);
  }

  get size(): number {
    return this.#items.length;
  }

  /** True while the queue has room: a source that can wait should pause once this is false. */
  get hasRoom(): boolean {
    return this.#items.length < this.#limit;
  }

  /** Adds a frame; with drop-oldest a full queue gives up its oldest, with wait it still takes it (the source pauses next). */
  push(item: T): void {
    this.#items.push(item);
    if (this.#policy === 'drop-oldest')
      while (this.#items.length > this.#limit) {
        this.#items.shift();
        this.dropped += 1;
      }
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  clear(): void {
    this.#items = [];
  }
}

/** Pure: when frame `index` (0-based) of a source that started at `startMs` is due, at `fps` frames a second. */
export function frameDueAt(startMs: number, index: number, fps: number): number {
  return startMs + (index * 1000) / fps;
}

/**
 * Frames on their way to the socket. A frame goes out when the socket has room; otherwise it waits,
 * and a newer frame replaces it (the older one is counted as dropped): a slow socket loses old
 * pictures, never queues them without bound.
 */
export class LatestFrame<T> {
  readonly #send: (frame: T) => void;
  readonly #hasRoom: () => boolean;
  #waiting: T | undefined;
  dropped = 0;

  constructor(send: (frame: T) => void, hasRoom: () => boolean) {
    this.#send = send;
    this.#hasRoom = hasRoom;
  }

  /** A frame at its time: sent now, or held in place of the one waiting. */
  offer(frame: T): void {
    if (this.#waiting !== undefined) this.dropped += 1;
    this.#waiting = frame;
    this.tick();
  }

  /** Sends the waiting frame once the socket has room (called on each offer and each tick). */
  tick(): void {
    const frame = this.#waiting;
    if (frame === undefined || !this.#hasRoom()) return;
    this.#waiting = undefined;
    this.#send(frame);
  }
}
