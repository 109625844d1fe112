// Splits a byte stream into fixed-size frames. The capture side sends 20 ms frames: 320 samples,
// 640 bytes of s16le mono at 16 kHz — inside the Live API's recommended 20–40 ms and small enough
// that a frame never waits long for its neighbours (latency target: p99 ≤ 2 ms added).

import { BYTES_PER_SAMPLE, INPUT_SAMPLE_RATE } from '../ports.js';

export const FRAME_MS = 20;
export const FRAME_BYTES = (INPUT_SAMPLE_RATE * FRAME_MS * BYTES_PER_SAMPLE) / 1000;

export class FrameChunker {
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly frameBytes: number = FRAME_BYTES) {
    if (!(frameBytes > 0 && Number.isInteger(frameBytes))) throw new RangeError(`invalid frame size ${frameBytes}`);
  }

  /** Returns the complete frames now available; keeps the remainder for the next push. */
  push(bytes: Buffer): Buffer[] {
    const data = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const frames: Buffer[] = [];
    let offset = 0;
    for (; offset + this.frameBytes <= data.length; offset += this.frameBytes) {
      frames.push(data.subarray(offset, offset + this.frameBytes));
    }
    // Copy the tail so a large input buffer is not kept alive by a small remainder.
    this.pending = Buffer.from(data.subarray(offset));
    return frames;
  }

  /** Bytes held back waiting for a full frame. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Returns and clears the partial frame left at end of stream (possibly empty). */
  flush(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
