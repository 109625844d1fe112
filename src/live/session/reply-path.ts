// The model's side of a session: audio to play, transcripts, barge-in and turn boundaries. It also
// keeps the session's one answer to "when does the model's audio stop playing" (playbackUntil).

import { BYTES_PER_SAMPLE, OUTPUT_SAMPLE_RATE } from '../../audio/ports.js';
import { mimeRate } from '../wire/decode.js';
import type { TalkEvent } from './events.js';
import type { Command } from './session-types.js';
import type { Modality } from '../../model.js';
import { TurnTracker } from './turn-tracker.js';
import type { ServerEvent } from '../wire/wire-types.js';

const OUTPUT_BYTES_PER_MS = (OUTPUT_SAMPLE_RATE * BYTES_PER_SAMPLE) / 1000;

export type TurnEvent = Extract<TalkEvent, { type: 'turn' }>;

export interface ReplyPathConfig {
  readonly modality: Modality;
  readonly speaker: boolean;
}

export class ReplyPath {
  readonly #config: ReplyPathConfig;
  readonly #emit: (command: Command) => void;
  readonly turn = new TurnTracker();
  #discardAudio = false;
  #warnedRate = false;
  /**
   * Monotonic ms when the audio handed to the speaker so far has played out: the half-duplex gate
   * and the `speaking` phase read it. The PlaybackBuffer starts each chunk as it arrives too, so the
   * device lags this by at most its ~2 ticks of silence fill, well inside the echo tail.
   */
  playbackUntil = 0;
  lastContentAt = 0;

  constructor(config: ReplyPathConfig, emit: (command: Command) => void) {
    this.#config = config;
    this.#emit = emit;
  }

  #event(event: TalkEvent): void {
    this.#emit({ type: 'event', event });
  }

  /** `typed`: a whole message (t, --text), not a fragment of what the server heard. */
  userText(text: string, typed = false): void {
    this.turn.user(text);
    this.#event({ type: 'transcript', role: 'user', text, ...(typed ? { typed: true as const } : {}) });
  }

  /** Handles the conversational server events; returns the finished turn on turnComplete. */
  handle(event: ServerEvent, now: number): TurnEvent | undefined {
    const audioReplies = this.#config.modality === 'audio';
    switch (event.type) {
      case 'audio':
        this.#audio(event.pcm, event.mimeType, now);
        return undefined;
      case 'text':
      case 'outputTranscription':
        // One source of model text per modality, or a reply would be printed twice.
        if ((event.type === 'text') === audioReplies) return undefined;
        this.lastContentAt = now;
        this.turn.model(event.text);
        this.#event({ type: 'transcript', role: 'model', text: event.text });
        return undefined;
      case 'inputTranscription':
        this.userText(event.text);
        return undefined;
      case 'interrupted':
        // Flush first: what is still queued is what the user would hear after talking over it.
        this.#emit({ type: 'flush' });
        this.#discardAudio = true;
        this.playbackUntil = now;
        this.turn.interrupt();
        this.#event({ type: 'interrupted', turn: this.turn.index, modelText: this.turn.modelText.trim() });
        return undefined;
      case 'turnComplete': {
        this.#discardAudio = false;
        const turn = this.turn.complete();
        if (turn) this.#event(turn);
        return turn;
      }
      default:
        return undefined;
    }
  }

  /** Ends the turn in flight because its connection is being replaced; the resumed session will not finish it. */
  cut(): TurnEvent | undefined {
    this.#discardAudio = false;
    const turn = this.turn.complete(true);
    if (turn) this.#event(turn);
    return turn;
  }

  #audio(pcm: Buffer, mimeType: string, now: number): void {
    // Late chunks of a cut turn must not play: the user already cut it.
    if (this.#discardAudio) return;
    const rate = mimeRate(mimeType);
    if (rate !== undefined && rate !== OUTPUT_SAMPLE_RATE && !this.#warnedRate) {
      this.#warnedRate = true;
      this.#event({ type: 'warning', message: `the server sent ${mimeType}; playing it as ${OUTPUT_SAMPLE_RATE} Hz` });
    }
    this.lastContentAt = now;
    this.turn.audio(pcm.length);
    if (this.#config.speaker) this.playbackUntil = Math.max(now, this.playbackUntil) + pcm.length / OUTPUT_BYTES_PER_MS;
    this.#emit({ type: 'play', pcm });
  }
}
