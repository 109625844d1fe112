// --output reply.wav: a streaming WAV writer. The header goes out first with zero sizes and is
// patched on close, so an interrupted run still leaves a file that players accept (readers treat a
// zero data size as "to end of file", see wav.ts).

import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import { OUTPUT_SAMPLE_RATE, type AudioOutput } from '../ports.js';
import { encodeWavHeader, WAV_SIZE_OFFSETS } from '../pcm/wav.js';

export class WavFileOutput implements AudioOutput {
  readonly label: string;
  private stream: WriteStream | undefined;
  private dataBytes = 0;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly sampleRate: number = OUTPUT_SAMPLE_RATE,
  ) {
    this.label = `wav:${path}`;
  }

  async open(): Promise<void> {
    const stream = createWriteStream(this.path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(new UsageError(`cannot write --output ${this.path}: ${error.message}`, undefined, { cause: error })));
    });
    stream.on('error', (error) => (this.failure ??= error));
    stream.write(encodeWavHeader({ sampleRate: this.sampleRate, channels: 1 }, 0));
    this.stream = stream;
  }

  write(pcm: Buffer): void {
    if (!this.stream || this.closing) return;
    this.dataBytes += pcm.length;
    this.stream.write(pcm);
  }

  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    await new Promise<void>((resolve) => stream.end(() => resolve()));
    if (this.failure) throw new UsageError(`cannot write --output ${this.path}: ${this.failure.message}`);
    const file = await open(this.path, 'r+');
    try {
      const header = encodeWavHeader({ sampleRate: this.sampleRate, channels: 1 }, this.dataBytes);
      await file.write(header, WAV_SIZE_OFFSETS.riff, 4, WAV_SIZE_OFFSETS.riff);
      await file.write(header, WAV_SIZE_OFFSETS.data, 4, WAV_SIZE_OFFSETS.data);
    } finally {
      await file.close();
    }
  }
}
