// `--input <file.wav | raw.pcm | ->`: audio from a file or stdin instead of the microphone,
// converted to 16 kHz mono s16le and paced like a microphone unless `fast`. Both WAV and raw PCM
// stream (header checked first, reading paced by the queue), so `/dev/zero` or an endless pipe
// never fills memory, and `arecord … | gemtoken talk --input - --input-format s16le:16000:1` works live.

import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Clock } from '../../clock.js';
import { openInput } from '../../file-streams.js';
import { UsageError } from '../../errors.js';
import { fileReadError } from '../../file-error.js';
import { FrameChunker } from '../pcm/chunker.js';
import { RawInputDecoder, WavInputDecoder, type InputDecoder } from '../pcm/input-decoder.js';
import { PacedDelivery } from './paced-delivery.js';
import type { PcmFormat } from '../pcm/pcm.js';
import { FRAME_MS, INPUT_SAMPLE_RATE, type AudioInput, type AudioInputSink } from '../ports.js';

export interface FileInputOptions {
  /** A path, or `-` for stdin. */
  readonly path: string;
  /** Raw PCM layout (from --input-format); absent means the input is a WAV file. */
  readonly format?: PcmFormat;
  /** Deliver as fast as possible instead of in real time. */
  readonly fast?: boolean;
  readonly clock: Clock;
  /** Needed when path is `-`. */
  readonly stdin?: Readable;
  /** The command's stop signal: a silent stdin or FIFO must not hold start() past it. */
  readonly signal?: AbortSignal;
}

export function describeReadError(error: unknown, path: string): UsageError {
  return fileReadError('--input', path, error);
}

/**
 * Backpressure: reading pauses while this many frames wait for their time (2 s of audio), and
 * resumes below half of it. A file is read about as fast as it plays, never whole.
 */
const QUEUE_HIGH_FRAMES = 100;
const QUEUE_LOW_FRAMES = QUEUE_HIGH_FRAMES / 2;

export class FileInput implements AudioInput {
  readonly label: string;
  private delivery: PacedDelivery | undefined;
  private source: Readable | undefined;

  constructor(private readonly options: FileInputOptions) {
    this.label = options.path === '-' ? 'stdin' : `file:${options.path}`;
  }

  /** Resolves once audio flows (or the input ends); rejects when the input is unusable before that. */
  async start(sink: AudioInputSink): Promise<void> {
    const { options } = this;
    const name = options.path === '-' ? 'stdin' : options.path;
    const decoder: InputDecoder = options.format
      ? new RawInputDecoder(options.format, INPUT_SAMPLE_RATE, name)
      : new WavInputDecoder(INPUT_SAMPLE_RATE, name, await regularFileSize(options.path));
    const signal = options.signal ?? new AbortController().signal;
    const source = await this.openSource(signal);
    this.source = source;
    const chunker = new FrameChunker();
    let queued = 0;
    let paused = false;
    // Counts frames on their way out, to resume reading once the queue has room again.
    const counted: AudioInputSink = {
      chunk: (frame) => {
        queued -= 1;
        if (paused && queued <= QUEUE_LOW_FRAMES) {
          paused = false;
          source.resume();
        }
        sink.chunk(frame);
      },
      end: () => sink.end(),
      error: (error) => sink.error(error),
      ready: () => sink.ready?.() ?? true,
    };
    const delivery = new PacedDelivery(counted, options.clock, FRAME_MS, options.fast ?? false);
    this.delivery = delivery;

    // Waiting for the first bytes ends with the signal, whose reason we rethrow.
    const stopped = new Promise<never>((_resolve, reject) => {
      const onAbort = (): void => {
        void this.stop();
        reject(signal.reason);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    // Whichever loses the race may still settle later (stdin ending after the signal): never unhandled.
    stopped.catch(() => undefined);
    const flowing = new Promise<void>((resolve, reject) => {
      let started = false;
      let over = false;
      const deliver = (pcm: Buffer): void => {
        const frames = chunker.push(pcm);
        queued += frames.length;
        delivery.push(frames);
        if (!started && frames.length > 0) {
          started = true;
          resolve();
        }
      };
      const finish = (): void => {
        over = true;
        this.release(source);
        const rest = chunker.flush();
        if (!started && rest.length === 0) return reject(new UsageError(`${name} contains no audio samples`));
        if (rest.length > 0) delivery.push([rest]);
        delivery.finish();
        resolve();
      };
      const fail = (error: UsageError): void => {
        over = true;
        this.release(source);
        if (!started) return reject(error);
        delivery.stop();
        sink.error(error);
      };
      source.on('data', (bytes: Buffer) => {
        if (over) return;
        try {
          deliver(decoder.push(bytes));
        } catch (error) {
          return fail(error as UsageError);
        }
        if (decoder.complete) return finish();
        if (!paused && queued >= QUEUE_HIGH_FRAMES) {
          paused = true;
          source.pause();
        }
      });
      source.once('end', () => {
        if (over) return;
        try {
          deliver(decoder.end());
        } catch (error) {
          return fail(error as UsageError);
        }
        finish();
      });
      source.once('error', (error) => {
        if (!over) fail(describeReadError(error, options.path));
      });
    });
    flowing.catch(() => undefined);
    await Promise.race([flowing, stopped]);
  }

  async stop(): Promise<void> {
    this.delivery?.stop();
    if (this.source) this.release(this.source);
  }

  /** Stops reading: a file is closed, stdin (not ours to close) is only left alone. */
  private release(source: Readable): void {
    source.removeAllListeners('data');
    if (source !== this.options.stdin) source.destroy();
    else source.pause();
  }

  /** A FIFO or terminal named as the file is opened without blocking a thread (file-streams.ts). */
  private async openSource(signal: AbortSignal): Promise<Readable> {
    if (this.options.path !== '-')
      return openInput(this.options.path, signal).catch((error: unknown) =>
        Promise.reject(signal.aborted ? signal.reason : describeReadError(error, this.options.path)),
      );
    if (!this.options.stdin) throw new UsageError('--input - needs audio on stdin');
    return this.options.stdin;
  }
}

/** A regular file's size (to spot a truncated WAV before it plays); undefined for pipes, devices, stdin. */
async function regularFileSize(path: string): Promise<number | undefined> {
  if (path === '-') return undefined;
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? info.size : undefined;
}
