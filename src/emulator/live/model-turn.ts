// Streams one model turn at real-time pace on the emulator's clock: one step every 40 ms (audio
// chunk or text part), with an outputTranscription fragment ahead of each word. One timer per
// active turn, none while idle; late ticks catch up so the pace never drifts.

import type { Cancel, EmulatorClock } from '../clock.js';
import { CHUNK_BYTES, CHUNK_MS, CHUNKS_PER_WORD, OUTPUT_MIME, fragments, toneChunk, toneStep } from './voice.js';

export type TurnOutcome = 'complete' | 'interrupted' | 'dropped' | 'cancelled';

export interface ModelTurnOptions {
  readonly clock: EmulatorClock;
  readonly text: string;
  readonly modality: 'AUDIO' | 'TEXT';
  readonly outputTranscription: boolean;
  /** The `drop` fault: send half the turn, then end with 'dropped'. */
  readonly dropHalfway?: boolean;
  /** Silence before the first step (a --scenario turn's firstChunkDelayMs). */
  readonly firstChunkDelayMs?: number;
  /** Returns false when the frame was dropped (socket closing); `void` senders count as sent. */
  readonly send: (message: Readonly<Record<string, unknown>>) => boolean | void;
  readonly done: (outcome: TurnOutcome, stats: TurnStats) => void;
  /** Unexpected errors in a timer callback go here, never to the event loop. */
  readonly fail: (error: unknown) => void;
}

export interface TurnStats {
  readonly stepsSent: number;
  readonly totalSteps: number;
  readonly audioBytesSent: number;
}

export class ModelTurn {
  readonly #words: string[];
  readonly #totalSteps: number;
  readonly #dropAt: number;
  #step = 0;
  #audioBytes = 0;
  #startedAt = 0;
  #cancelTimer: Cancel | undefined;
  #finished = false;

  constructor(private readonly options: ModelTurnOptions) {
    this.#words = fragments(options.text);
    this.#totalSteps = options.modality === 'AUDIO' ? this.#words.length * CHUNKS_PER_WORD : this.#words.length;
    this.#dropAt = options.dropHalfway ? Math.floor(this.#totalSteps / 2) : Number.POSITIVE_INFINITY;
  }

  get active(): boolean {
    return !this.#finished;
  }

  get totalSteps(): number {
    return this.#totalSteps;
  }

  start(): void {
    // A start in the future: the first tick finds nothing due and waits for it.
    this.#startedAt = this.options.clock.monotonic() + (this.options.firstChunkDelayMs ?? 0);
    this.#tick();
  }

  /** Stops streaming; the caller sends what follows (interrupted, turnComplete). */
  stop(outcome: 'interrupted' | 'cancelled'): void {
    this.#finish(outcome);
  }

  #tick = (): void => {
    this.#cancelTimer = undefined;
    try {
      const { clock } = this.options;
      const due = Math.floor((clock.monotonic() - this.#startedAt) / CHUNK_MS);
      while (!this.#finished && this.#step <= due && this.#step < this.#totalSteps) {
        if (this.#step >= this.#dropAt) return this.#finish('dropped');
        this.#sendStep(this.#step++);
      }
      if (this.#finished) return;
      if (this.#step >= this.#totalSteps) return this.#finish('complete');
      const wait = Math.max(0, this.#startedAt + this.#step * CHUNK_MS - clock.monotonic());
      this.#cancelTimer = clock.setTimeout(this.#tick, wait);
    } catch (error) {
      this.#finish('cancelled');
      this.options.fail(error);
    }
  };

  // Model turns carry no `role` on the Gemini API (the SDK's recorded real frames, docs/emulator.md).
  #sendStep(step: number): void {
    const { modality, outputTranscription, send } = this.options;
    const wordIndex = modality === 'AUDIO' ? Math.floor(step / CHUNKS_PER_WORD) : step;
    const word = this.#words[wordIndex] ?? '';
    if (modality === 'TEXT') {
      send({ serverContent: { modelTurn: { parts: [{ text: word }] } } });
      return;
    }
    if (step % CHUNKS_PER_WORD === 0 && outputTranscription)
      send({ serverContent: { outputTranscription: { text: word } } });
    const sent = send({
      serverContent: {
        modelTurn: { parts: [{ inlineData: { mimeType: OUTPUT_MIME, data: toneChunk(toneStep(word.trim())) } }] },
      },
    });
    if (sent !== false) this.#audioBytes += CHUNK_BYTES;
  }

  #finish(outcome: TurnOutcome): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.options.done(outcome, {
      stepsSent: this.#step,
      totalSteps: this.#totalSteps,
      audioBytesSent: this.#audioBytes,
    });
  }
}
