// Energy-based voice activity detection on s16le mono PCM. Time is AUDIO time (samples received),
// never the wall clock, so a client feeding audio faster than real time gets the same turns.

export type VadEvent = { readonly type: 'speechStart' } | { readonly type: 'turnEnd'; readonly speechMs: number };

export interface VadOptions {
  readonly sampleRate: number;
  /** Silence after speech that ends the user turn (realtimeInputConfig…silenceDurationMs). */
  readonly silenceMs: number;
  /** RMS (of 32768 full scale) above which a frame counts as speech. */
  readonly threshold: number;
}

const FRAME_MS = 20;
/** Consecutive voiced frames before speech "starts": a click or a single pop is not a barge-in. */
const ONSET_FRAMES = 3;

export const VAD_THRESHOLD = { high: 500, low: 1500 } as const;

export class EnergyVad {
  readonly #frameSamples: number;
  readonly #silenceSamples: number;
  readonly #threshold2: number;
  #carry = -1;
  #frameSum = 0;
  #frameCount = 0;
  #position = 0;
  #run = 0;
  #runStart = 0;
  #inTurn = false;
  #turnStart = 0;
  #lastVoicedEnd = 0;

  constructor(readonly options: VadOptions) {
    this.#frameSamples = Math.max(1, Math.round((options.sampleRate * FRAME_MS) / 1000));
    this.#silenceSamples = Math.round((options.sampleRate * options.silenceMs) / 1000);
    this.#threshold2 = options.threshold * options.threshold;
  }

  get inSpeech(): boolean {
    return this.#inTurn;
  }

  /** Feeds PCM bytes (any length, odd bytes carried over); returns what happened inside them. */
  push(pcm: Uint8Array): VadEvent[] {
    const events: VadEvent[] = [];
    let i = 0;
    if (this.#carry >= 0 && pcm.length > 0) {
      this.#sample((((pcm[0]! << 8) | this.#carry) << 16) >> 16, events);
      this.#carry = -1;
      i = 1;
    }
    for (; i + 1 < pcm.length; i += 2) this.#sample((((pcm[i + 1]! << 8) | pcm[i]!) << 16) >> 16, events);
    if (i < pcm.length) this.#carry = pcm[i]!;
    return events;
  }

  /** audioStreamEnd: an open turn ends now. */
  flush(): VadEvent | undefined {
    const event = this.#inTurn ? this.#endTurn() : undefined;
    this.#run = 0;
    return event;
  }

  #sample(value: number, events: VadEvent[]): void {
    this.#frameSum += value * value;
    this.#frameCount += 1;
    this.#position += 1;
    if (this.#frameCount === this.#frameSamples) this.#frame(events);
  }

  #frame(events: VadEvent[]): void {
    const voiced = this.#frameSum / this.#frameCount > this.#threshold2;
    this.#frameSum = 0;
    this.#frameCount = 0;
    if (voiced) {
      if (this.#run === 0) this.#runStart = this.#position - this.#frameSamples;
      this.#run += 1;
      if (!this.#inTurn && this.#run >= ONSET_FRAMES) {
        this.#inTurn = true;
        this.#turnStart = this.#runStart;
        events.push({ type: 'speechStart' });
      }
      if (this.#inTurn) this.#lastVoicedEnd = this.#position;
      return;
    }
    this.#run = 0;
    if (this.#inTurn && this.#position - this.#lastVoicedEnd >= this.#silenceSamples) events.push(this.#endTurn());
  }

  #endTurn(): VadEvent {
    this.#inTurn = false;
    const samples = this.#lastVoicedEnd - this.#turnStart;
    return { type: 'turnEnd', speechMs: Math.round((samples * 1000) / this.options.sampleRate) };
  }
}
