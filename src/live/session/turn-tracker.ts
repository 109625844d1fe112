// Collects one exchange (user speech/text + model reply) until the server's turnComplete. Input
// transcription fragments have no ordering guarantee relative to the model's parts, so both sides are accumulated
// separately and reported together.

import { NetworkError } from '../../errors.js';
import type { TalkEvent } from './events.js';

const OUTPUT_BYTES_PER_MS = 48; // 24 kHz s16le mono

/**
 * What one side of one turn keeps of its text (characters). A real turn's transcript is a few KB;
 * a server that streams text without ever completing the turn must not grow talk's memory with it:
 * past this the text is dropped (the turn says so where it ends) and the session
 * ends with turnTextError() at its next tick (conversation.ts).
 */
export const MAX_TURN_TEXT = 1024 * 1024;
const CUT_MARK = ' […]';

/** Exit 5, like any reply no Live API gives. */
export function turnTextError(): NetworkError {
  return new NetworkError(
    `unexpected reply from the server: one turn's text passed ${MAX_TURN_TEXT} characters without a turnComplete`,
    'check --base-url: it must point at the Gemini API or the emulator',
  );
}

/** `kept` + `text`, at most MAX_TURN_TEXT characters (then the mark, once). */
function capped(kept: string, text: string): string {
  if (kept.length > MAX_TURN_TEXT) return kept; // already cut and marked
  const joined = kept + text;
  return joined.length <= MAX_TURN_TEXT ? joined : joined.slice(0, MAX_TURN_TEXT) + CUT_MARK;
}

export class TurnTracker {
  #index = 1;
  #user = '';
  #model = '';
  #interrupted = false;
  #audioBytes = 0;
  #frames = 0;
  /** Pictures sent while the model answers: they belong to the user's next turn. */
  #laterFrames = 0;
  #overflowed = false;

  get index(): number {
    return this.#index;
  }

  /** The model has produced something in this turn (audio or text). */
  get modelActive(): boolean {
    return this.#audioBytes > 0 || this.#model.length > 0;
  }

  /** Something of this exchange has happened (user speech/text or model output) and it is not complete. */
  get inFlight(): boolean {
    return this.#user.length > 0 || this.modelActive || this.#interrupted;
  }

  get interrupted(): boolean {
    return this.#interrupted;
  }

  /** A side of some turn passed MAX_TURN_TEXT: no Live API does that. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  get modelText(): string {
    return this.#model;
  }

  user(text: string): void {
    this.#user = capped(this.#user, text);
    this.#overflowed ||= this.#user.length > MAX_TURN_TEXT;
  }

  model(text: string): void {
    this.#model = capped(this.#model, text);
    this.#overflowed ||= this.#model.length > MAX_TURN_TEXT;
  }

  audio(bytes: number): void {
    this.#audioBytes += bytes;
  }

  /**
   * A picture was sent: it counts for the user's turn, or for the next one once the model has started
   * answering. It does not open a turn (a camera sends them all the time).
   */
  frame(): void {
    if (this.modelActive) this.#laterFrames += 1;
    else this.#frames += 1;
  }

  interrupt(): void {
    this.#interrupted = true;
  }

  /** Ends the turn; undefined when nothing happened in it (e.g. a bare turnComplete). */
  /** `cut`: the connection was replaced before the server completed the turn (goAway). */
  complete(cut = false): Extract<TalkEvent, { type: 'turn' }> | undefined {
    const empty = !this.#user && !this.modelActive && !this.#interrupted;
    const event = {
      type: 'turn' as const,
      turn: this.#index,
      user: this.#user.trim(),
      model: this.#model.trim(),
      interrupted: this.#interrupted,
      audioBytes: this.#audioBytes,
      audioMs: Math.round(this.#audioBytes / OUTPUT_BYTES_PER_MS),
      ...(this.#frames > 0 ? { frames: this.#frames } : {}),
      ...(cut ? { cutByReconnect: true as const } : {}),
    };
    this.#user = '';
    this.#model = '';
    this.#interrupted = false;
    this.#audioBytes = 0;
    if (empty) return undefined;
    this.#frames = this.#laterFrames;
    this.#laterFrames = 0;
    this.#index += 1;
    return event;
  }
}
