// Cuts a capture byte stream into the frames the AudioInput port promises (ports.ts: FRAME_BYTES
// of s16le mono 16 kHz). Capture devices and files hand over whatever size their reads happen to
// be; every AudioInput passes its bytes through one of these, so nothing downstream re-chunks.

import { FRAME_BYTES } from '../ports.js';

export class FrameChunker {
  private pending: Buffer = Buffer.alloc(0);

  /** Returns the complete frames now available; keeps the remainder for the next push. */
  push(bytes: Buffer): Buffer[] {
    const data = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const frames: Buffer[] = [];
    let offset = 0;
    for (; offset + FRAME_BYTES <= data.length; offset += FRAME_BYTES) {
      frames.push(data.subarray(offset, offset + FRAME_BYTES));
    }
    // Copy the tail so a large input buffer is not kept alive by a small remainder.
    this.pending = Buffer.from(data.subarray(offset));
    return frames;
  }

  /** Returns and clears the partial frame left at end of stream (possibly empty). */
  flush(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
