// Realtime input held while no connection can carry it (initial connect, goAway reconnect). It is
// sent afterwards in order. For a live microphone it is bounded (old speech is worth less than
// new, so the oldest audio goes first and is counted); control messages (activityStart/End,
// audioStreamEnd, text, toolResponse) are never dropped because losing one would desynchronise the turn.

import type { Outgoing } from '../wire/wire-types.js';

export const DEFAULT_BACKLOG_BYTES = 10 * 32_000; // 10 s of 16 kHz s16le

interface Entry {
  readonly message: Outgoing;
  readonly audioBytes: number;
}

export class InputBacklog {
  readonly #limitBytes: number;
  #entries: Entry[] = [];
  #audioBytes = 0;
  droppedFrames = 0;
  droppedBytes = 0;

  constructor(limitBytes: number) {
    this.#limitBytes = limitBytes;
  }

  get size(): number {
    return this.#entries.length;
  }

  push(message: Outgoing, audioBytes = 0): void {
    this.#entries.push({ message, audioBytes });
    this.#audioBytes += audioBytes;
    while (this.#audioBytes > this.#limitBytes) {
      const index = this.#entries.findIndex((e) => e.audioBytes > 0);
      if (index < 0) break;
      const [dropped] = this.#entries.splice(index, 1);
      this.#audioBytes -= dropped!.audioBytes;
      this.droppedFrames += 1;
      this.droppedBytes += dropped!.audioBytes;
    }
  }

  /** Everything held, oldest first; the backlog is empty afterwards. */
  drain(): Outgoing[] {
    const messages = this.#entries.map((e) => e.message);
    this.#entries = [];
    this.#audioBytes = 0;
    return messages;
  }
}
