// --output reply.wav: a streaming WAV writer. The header goes out first with zero sizes and is
// patched on close, so an interrupted run still leaves a file that players accept (readers treat a
// zero data size as "to end of file", see wav.ts). A FIFO or device (`--output /dev/stdout | aplay`)
// cannot be patched and keeps the zero sizes; a FIFO nobody reads yet is waited for until the signal.

import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { GemtokenError } from '../../errors.js';
import { openOutput, type OutputOptions } from '../../file-streams.js';
import { fileWriteError } from '../../file-error.js';
import { OUTPUT_SAMPLE_RATE, type AudioOutput } from '../ports.js';
import { encodeWavHeader, WAV_SIZE_OFFSETS } from '../pcm/wav.js';
import { definedProps } from '../../defined-props.js';

export class WavFileOutput implements AudioOutput {
  readonly label: string;
  private stream: Writable | undefined;
  private regular = false;
  private dataBytes = 0;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly sampleRate: number = OUTPUT_SAMPLE_RATE,
  ) {
    this.label = `wav:${path}`;
  }

  /** `signal` ends a wait for a FIFO's reader (with its reason); `onWaiting` says that we wait. */
  async open(
    signal: AbortSignal = new AbortController().signal,
    onWaiting?: OutputOptions['onWaiting'],
  ): Promise<void> {
    const { stream, regular } = await openOutput(this.path, signal, definedProps({ onWaiting })).catch(
      (error: unknown) => {
        if (error instanceof GemtokenError || signal.aborted) throw error;
        throw fileWriteError('--output', this.path, error);
      },
    );
    this.regular = regular;
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
    // A failed write destroys the stream: its own error (stream.errored) is the one to report, and
    // it may be known before the 'error' event has been emitted.
    if (!stream.destroyed) await new Promise<void>((resolve) => stream.end(() => resolve()));
    this.failure = stream.errored ?? this.failure;
    if (this.failure) throw fileWriteError('--output', this.path, this.failure, 'the reply audio is incomplete');
    if (!this.regular) return;
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
