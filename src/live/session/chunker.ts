// Re-chunks capture audio into 20–40 ms frames (640–1280 bytes of 16 kHz s16le). arecord hands us
// whatever its period is; the Live API works best with small, steady frames (protocol.md §2.7), and
// a frame must never split a sample.

export const MIN_FRAME_BYTES = 640; // 20 ms
export const MAX_FRAME_BYTES = 1280; // 40 ms

export class FrameChunker {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Adds capture bytes; returns the whole frames ready to send, in order. */
  push(pcm: Buffer): Buffer[] {
    if (pcm.length === 0) return [];
    this.#pending.push(pcm);
    this.#pendingBytes += pcm.length;
    if (this.#pendingBytes < MIN_FRAME_BYTES) return [];
    const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
    const frames: Buffer[] = [];
    let offset = 0;
    while (all.length - offset >= MIN_FRAME_BYTES) {
      const size = Math.min(MAX_FRAME_BYTES, all.length - offset) & ~1;
      frames.push(all.subarray(offset, offset + size));
      offset += size;
    }
    const rest = all.subarray(offset);
    this.#pending = rest.length ? [rest] : [];
    this.#pendingBytes = rest.length;
    return frames;
  }

  /** The short remainder (whole samples only), e.g. at the end of a file or before audioStreamEnd. */
  flush(): Buffer | undefined {
    if (this.#pendingBytes < 2) return undefined;
    const all = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    return all.subarray(0, all.length & ~1);
  }
}
