// --no-speaker: accepts and discards audio (the playback buffer still paces, so barge-in and
// half-duplex timing behave as with a real device).

import type { AudioOutput } from '../ports.js';

export class NullOutput implements AudioOutput {
  readonly label = 'none';
  bytesWritten = 0;

  async open(): Promise<void> {}

  write(pcm: Buffer): void {
    this.bytesWritten += pcm.length;
  }

  async close(): Promise<void> {}
}
