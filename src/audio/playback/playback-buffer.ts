// Our jitter buffer between the Live session and the speaker (against choppy playback, and so a barge-in stops at
// once). The `speaker` addon cannot drop what it already holds (node-speaker #28/#85), so barge-in has to
// happen before the device: we keep only `leadMs` (default 150) of audio in it, paced by the Clock,
// and flush() drops the rest at once. Underrun policy: while a turn is open and the queue runs
// dry (network jitter), we keep ~2 ticks of silence in the device so the backend never underflows
// (CoreAudio prints a warning per callback; ALSA recovers silently but clicks); after endTurn(),
// flush() or MAX_SILENCE_MS of continuous silence we stop feeding and let the device go idle, so
// silence never delays the start of the next reply by more than a tick or two. The pump runs on
// enqueue() and on one timer set for when it next has work (pump-wake.ts), not on a fixed tick.
//
// When the model's audio stops being audible is not asked of this buffer: the session machine keeps
// that estimate itself (live/session/reply-path.ts playbackUntil) for its half-duplex gate, because
// the pure core cannot query a device adapter. drained() is only the shell's "wait before exit".

import type { Clock } from '../../clock.js';
import { pcmBytesFor, pcmDurationMs } from '../pcm/pcm.js';
import { PlaybackTimeline } from './playback-timeline.js';
import { msUntilWork, WakeTimer } from './pump-wake.js';
import { OUTPUT_SAMPLE_RATE, type AudioOutput } from '../ports.js';

/** Continuous silence fill after which an open turn stops feeding the device. */
const MAX_SILENCE_MS = 1000;

export interface PlaybackBufferOptions {
  readonly output: AudioOutput;
  readonly clock: Clock;
  readonly sampleRate?: number;
  /** Most audio ever handed to the device ahead of real time. */
  readonly leadMs?: number;
  /** Silence fill keeps 2 ticks in the device, topped up when it falls to one. */
  readonly tickMs?: number;
  /** With audio queued, top the device up once it has room for this much (fewer, larger writes). */
  readonly refillMs?: number;
  /** Do not bother the device with slices smaller than this (unless it finishes a chunk). */
  readonly minWriteMs?: number;
  /** Queue cap (default MAX_QUEUED_MS); older audio beyond it is dropped and counted. */
  readonly maxQueuedMs?: number;
}

export interface FlushReport {
  /** Queued audio dropped without reaching the device. */
  readonly droppedMs: number;
  /** Audio (and fill) already in the device that will still play: the barge-in tail, ≤ leadMs. */
  readonly inDeviceMs: number;
  /** Audio of the interrupted turn heard up to now. */
  readonly heardMs: number;
  readonly writtenMs: number;
  readonly receivedMs: number;
}

export class PlaybackBuffer {
  private readonly rate: number;
  private readonly leadMs: number;
  private readonly tickMs: number;
  private readonly refillMs: number;
  private readonly minWriteMs: number;
  private readonly maxQueuedBytes: number;
  private overflowBytes = 0;
  private readonly timeline = new PlaybackTimeline();
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private receivedBytes = 0;
  private turnOpen = false;
  private silenceRunMs = 0;
  private readonly wake: WakeTimer;
  private closed = false;
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly options: PlaybackBufferOptions) {
    this.rate = options.sampleRate ?? OUTPUT_SAMPLE_RATE;
    this.leadMs = options.leadMs ?? 150;
    this.tickMs = options.tickMs ?? 20;
    this.refillMs = options.refillMs ?? 40;
    this.minWriteMs = options.minWriteMs ?? 10;
    this.maxQueuedBytes = pcmBytesFor(options.maxQueuedMs ?? MAX_QUEUED_MS, this.rate);
    this.wake = new WakeTimer(options.clock, () => this.pump());
  }

  /** Audio dropped because the queue was over its cap (the `closed` event's playbackDroppedMs). */
  get overflowDroppedMs(): number {
    return this.ms(this.overflowBytes);
  }

  /** Model audio from the network (s16le mono at the output rate). Opens a turn if none is open. */
  enqueue(pcm: Buffer): void {
    if (this.closed || pcm.length === 0) return;
    if (!this.turnOpen) this.beginTurn();
    const even = pcm.length - (pcm.length % 2);
    this.queue.push(pcm.subarray(0, even));
    this.queuedBytes += even;
    this.receivedBytes += even;
    this.pump();
    this.dropOverflow();
  }

  /** The model finished the turn: play out what is queued, then let the device go idle. */
  endTurn(): void {
    this.turnOpen = false;
    if (!this.closed) this.settle(this.clock.monotonic());
  }

  /** `interrupted`: drop everything not yet in the device, now. */
  flush(): FlushReport {
    const now = this.clock.monotonic();
    const report: FlushReport = {
      droppedMs: this.ms(this.queuedBytes),
      inDeviceMs: this.timeline.leadMs(now),
      heardMs: this.timeline.playedMs(now),
      writtenMs: this.timeline.writtenMs(),
      receivedMs: this.ms(this.receivedBytes),
    };
    this.queue = [];
    this.queuedBytes = 0;
    this.turnOpen = false;
    if (!this.closed) this.settle(now);
    return report;
  }

  /** Resolves once everything enqueued so far has been played (or flushed / closed). */
  drained(): Promise<void> {
    const now = this.clock.monotonic();
    if (this.isIdle(now) || this.closed) return Promise.resolve();
    const drained = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.settle(now); // wake when the last audio ends, not only when the device runs dry
    return drained;
  }

  /** Stops pacing and drops the queue; does not close the output (its owner does). */
  close(): void {
    this.flush();
    this.closed = true;
    this.wake.cancel();
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private get clock(): Clock {
    return this.options.clock;
  }
  private ms(bytes: number): number {
    return pcmDurationMs(bytes, this.rate);
  }

  private beginTurn(): void {
    this.turnOpen = true;
    this.receivedBytes = 0;
    this.silenceRunMs = 0;
    this.timeline.newTurn();
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.clock.monotonic();
    while (this.queue.length > 0) {
      const room = this.leadMs - this.timeline.leadMs(now);
      const head = this.queue[0]!;
      const bytes = Math.min(head.length, pcmBytesFor(room, this.rate));
      if (bytes === 0 || (bytes < head.length && this.ms(bytes) < this.minWriteMs)) break;
      this.write(now, head.subarray(0, bytes), true);
      this.queuedBytes -= bytes;
      if (bytes === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(bytes);
      this.silenceRunMs = 0;
    }
    if (this.queue.length === 0 && this.turnOpen) this.fillSilence(now);
    this.settle(now);
  }

  private dropOverflow(): void {
    const dropped = dropOldest(this.queue, this.queuedBytes - this.maxQueuedBytes);
    this.queuedBytes -= dropped;
    this.overflowBytes += dropped;
  }

  private fillSilence(now: number): void {
    if (this.silenceRunMs >= MAX_SILENCE_MS) return;
    // Topped up only once a tick's worth is left (+1 ms: a timer may fire a little early), so the
    // device gets ~tick-sized slices of silence, never slivers between chunks that arrive on time.
    const lead = this.timeline.leadMs(now);
    if (lead > this.tickMs + 1) return;
    const ms = 2 * this.tickMs - lead;
    this.write(now, Buffer.alloc(pcmBytesFor(ms, this.rate)), false);
    this.silenceRunMs += ms;
  }

  private write(now: number, pcm: Buffer, isAudio: boolean): void {
    this.timeline.write(now, this.ms(pcm.length), isAudio);
    this.options.output.write(pcm);
  }

  private isIdle(now: number): boolean {
    return this.queue.length === 0 && now >= this.timeline.audioEnd();
  }

  /** Resolves drain waiters once idle, and sets the timer for the pump's next piece of work. */
  private settle(now: number): void {
    if (this.isIdle(now)) for (const resolve of this.drainWaiters.splice(0)) resolve();
    const state = {
      leadMs: this.timeline.leadMs(now),
      queuedMs: this.ms(this.queuedBytes),
      filling: this.turnOpen && this.silenceRunMs < MAX_SILENCE_MS,
      drainInMs: this.drainWaiters.length > 0 ? this.timeline.audioEnd() - now : undefined,
    };
    this.wake.at(msUntilWork(state, { leadLimitMs: this.leadMs, refillMs: this.refillMs, fillLowMs: this.tickMs }));
  }
}

// The playback queue's cap. The service sends faster than real time; a server that floods (20× real
// time in the security suite) must not grow the queue without bound. Beyond the cap the OLDEST queued audio
// goes: the listener is behind anyway, and the newest is what the model is saying now.
/** Most audio queued ahead of the device. */
export const MAX_QUEUED_MS = 10_000;

/** Removes up to `bytes` (rounded down to whole s16 samples) from the front of `queue`; returns how many went. */
export function dropOldest(queue: Buffer[], bytes: number): number {
  let excess = bytes - (bytes % 2);
  let dropped = 0;
  while (excess > 0 && queue.length > 0) {
    const head = queue[0]!;
    const take = Math.min(head.length, excess);
    if (take === head.length) queue.shift();
    else queue[0] = head.subarray(take);
    dropped += take;
    excess -= take;
  }
  return dropped;
}
