// Hands frames to a sink at real-time pace (frame i no earlier than start + i × frame duration), or
// as fast as the event loop allows in `fast` mode. Frames that arrive late (a live pipe) go out at
// once; frames that arrive early (a file) wait for their time. Driven by the Clock port.
//
// What a frame costs is mostly its timer (profiled with --cpu-prof):
// - Node's timers count whole milliseconds of a loop clock that lags real time by up to ~1 ms, so
//   a fractional delay (the due time minus performance.now()) fired just before the frame was due
//   and the loop woke again a millisecond later: two wake-ups per frame. Delays are whole
//   milliseconds, and a frame within SLACK_MS of its time counts as due.
// - A new setTimeout per frame (a Timeout, and often a new timer list, for each of 50 frames a
//   second) was the largest cost left on that path. While frames wait their turn, one interval of
//   one frame beats instead. Node re-arms an interval from when it fired, so it drifts ~0.2 ms
//   late per beat; once a frame would leave more than SLACK_MS late the beat is set again on the
//   frame grid (about every tenth frame). So frames keep to start + i × frame duration, ±SLACK_MS.

import type { Cancel, Clock } from '../../clock.js';
import type { AudioInputSink } from '../ports.js';

/** How far from its time a frame may leave: early rather than after another wake-up, or late before the beat is re-aligned. */
const SLACK_MS = 2;
const EMPTY = Buffer.alloc(0);

export class PacedDelivery {
  // Frames waiting for their time are queue[head..]: shift() moved every waiting frame (up to 100
  // for a file) on each send. The sent prefix is dropped now and then instead.
  private queue: Buffer[] = [];
  private head = 0;
  private sent = 0;
  private startedAt: number | undefined;
  /** The timeout that starts the beat on the frame grid (or, in fast mode, the next setImmediate). */
  private align: Cancel | undefined;
  /** The frame-length interval that delivers while frames wait. */
  private beat: Cancel | undefined;
  private finished = false;
  private stopped = false;
  private readonly onBeat = (): void => this.tick();

  constructor(
    private readonly sink: AudioInputSink,
    private readonly clock: Clock,
    private readonly frameMs: number,
    private readonly fast: boolean,
  ) {}

  push(frames: readonly Buffer[]): void {
    if (this.stopped) return;
    if (this.head > 256 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queue.push(...frames);
    this.schedule();
  }

  /** No more frames will come; the sink gets end() once the queue has gone out. */
  finish(): void {
    this.finished = true;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.head = 0;
    this.halt();
  }

  private halt(): void {
    this.align?.();
    this.beat?.();
    this.align = undefined;
    this.beat = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.align || this.beat) return;
    if (this.fast) {
      const handle = setImmediate(() => this.tick());
      this.align = () => clearImmediate(handle);
      return;
    }
    const now = this.clock.monotonic();
    this.startedAt ??= now;
    const wait = Math.max(0, Math.ceil(this.dueOf(this.sent) - now));
    this.align = this.clock.setTimeout(() => {
      this.align = undefined;
      this.beat = this.clock.setInterval(this.onBeat, this.frameMs);
      this.tick();
    }, wait);
  }

  /** The sink has no room: look again in a frame's time (the socket gives no drain event to wait on). */
  private retryLater(): void {
    this.halt();
    this.align = this.clock.setTimeout(() => {
      this.align = undefined;
      this.tick();
    }, this.frameMs);
  }

  private dueOf(frame: number): number {
    return this.startedAt! + frame * this.frameMs;
  }

  private tick(): void {
    if (this.fast) this.align = undefined;
    if (this.stopped) return;
    const now = this.clock.monotonic();
    // In fast mode yield to the event loop every ~1 s of audio so sockets get to drain.
    let budget = this.fast ? 50 : Infinity;
    let lateMs = 0;
    let blocked = false;
    while (this.head < this.queue.length && budget-- > 0) {
      // Fast is as fast as the socket takes it, never faster: frames wait here, not in memory beyond.
      if (this.fast && this.sink.ready?.() === false) {
        blocked = true;
        break;
      }
      if (!this.fast) {
        if (this.dueOf(this.sent) > now + SLACK_MS) break;
        // A live source that fell behind restarts the schedule instead of bursting to catch up.
        if (now - this.dueOf(this.sent) > 4 * this.frameMs) this.startedAt = now - this.sent * this.frameMs;
        lateMs = now - this.dueOf(this.sent);
      }
      this.sent++;
      const frame = this.queue[this.head]!;
      this.queue[this.head++] = EMPTY; // sent: not kept alive until the next compaction
      this.sink.chunk(frame);
    }
    if (this.head < this.queue.length) {
      if (blocked) return this.retryLater();
      // The beat carries on while frames wait, unless it has drifted off the frame grid.
      if (this.beat && lateMs <= SLACK_MS) return;
      this.halt();
      return this.schedule();
    }
    // Nothing waits: no beat until the next push (a live source), or the end.
    this.halt();
    if (this.finished) {
      this.stopped = true;
      this.sink.end();
    }
  }
}
