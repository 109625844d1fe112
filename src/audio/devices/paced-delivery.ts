// Hands frames to a sink at real-time pace (frame i no earlier than start + i × frame duration), or
// as fast as the event loop allows in `fast` mode. Frames that arrive late (a live pipe) go out at
// once; frames that arrive early (a file) wait for their time. Driven by the Clock port.
//
// Node's timers count whole milliseconds of a loop clock that lags real time by up to ~1 ms, so a
// fractional delay (the due time minus performance.now()) fires just before the frame is due and
// the loop wakes a second time a millisecond later: measured (strace), two wake-ups per 20 ms frame
// for the whole session. Delays are whole milliseconds and a frame within SLACK_MS of its time
// counts as due, so each frame costs one wake-up; it may leave up to SLACK_MS early, never drifts.

import type { Cancel, Clock } from '../../clock.js';
import type { AudioInputSink } from '../ports.js';

/** A frame this close to its time is sent now rather than after another wake-up. */
const SLACK_MS = 2;

export class PacedDelivery {
  private readonly queue: Buffer[] = [];
  private sent = 0;
  private startedAt: number | undefined;
  private timer: Cancel | undefined;
  private finished = false;
  private stopped = false;

  constructor(
    private readonly sink: AudioInputSink,
    private readonly clock: Clock,
    private readonly frameMs: number,
    private readonly fast: boolean,
  ) {}

  push(frames: readonly Buffer[]): void {
    if (this.stopped) return;
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
    this.queue.length = 0;
    this.timer?.();
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    if (this.fast) {
      const handle = setImmediate(() => this.tick());
      this.timer = () => clearImmediate(handle);
      return;
    }
    const now = this.clock.monotonic();
    this.startedAt ??= now;
    const due = this.startedAt + this.sent * this.frameMs;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, Math.ceil(due - now)));
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const now = this.clock.monotonic();
    // In fast mode yield to the event loop every ~1 s of audio so sockets get to drain.
    let budget = this.fast ? 50 : Infinity;
    while (this.queue.length > 0 && budget-- > 0) {
      if (!this.fast && this.startedAt !== undefined && this.startedAt + this.sent * this.frameMs > now + SLACK_MS) break;
      // A live source that fell behind restarts the schedule instead of bursting to catch up.
      if (!this.fast && this.startedAt !== undefined && now - (this.startedAt + this.sent * this.frameMs) > 4 * this.frameMs) {
        this.startedAt = now - this.sent * this.frameMs;
      }
      this.sent++;
      this.sink.chunk(this.queue.shift()!);
    }
    if (this.queue.length > 0) return this.schedule();
    if (this.finished) {
      this.stopped = true;
      this.sink.end();
    }
  }
}
