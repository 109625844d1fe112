// `--input <file.wav | raw.pcm | ->`: audio from a file or stdin instead of the microphone,
// converted to 16 kHz mono s16le and paced like a microphone unless `fast`. WAV is read whole (its
// header may sit anywhere before the data); raw PCM streams, so `arecord … | gemtoken talk --input -
// --input-format s16le:16000:1` works live.

import type { Readable } from 'node:stream';
import type { Clock } from '../../clock.js';
import { openInput } from '../../file-streams.js';
import { UsageError } from '../../errors.js';
import { FrameChunker } from '../pcm/chunker.js';
import { PacedDelivery } from './paced-delivery.js';
import { PcmConverter } from '../pcm/pcm-converter.js';
import type { PcmFormat } from '../pcm/pcm.js';
import { FRAME_MS, INPUT_SAMPLE_RATE, type AudioInput, type AudioInputSink } from '../ports.js';
import { parseWav } from '../pcm/wav.js';

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
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((error as Error)?.message ?? error);
  return new UsageError(`cannot read --input ${path}: ${reason}`, undefined, { cause: error });
}

export class FileInput implements AudioInput {
  readonly label: string;
  private delivery: PacedDelivery | undefined;
  private source: Readable | undefined;

  constructor(private readonly options: FileInputOptions) {
    this.label = options.path === '-' ? 'stdin' : `file:${options.path}`;
  }

  async start(sink: AudioInputSink): Promise<void> {
    const { options } = this;
    const delivery = new PacedDelivery(sink, options.clock, FRAME_MS, options.fast ?? false);
    this.delivery = delivery;
    const chunker = new FrameChunker();
    const signal = options.signal ?? new AbortController().signal;
    const source = await this.openSource(signal);
    this.source = source;
    const name = options.path === '-' ? 'stdin' : options.path;
    // Waiting for the first bytes (or all of a WAV) ends with the signal, whose reason we rethrow.
    const stopped = new Promise<never>((_resolve, reject) => {
      const onAbort = (): void => {
        void this.stop();
        reject(signal.reason);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    // Whichever loses the race may still settle later (stdin ending after the signal): never unhandled.
    const untilStopped = <T>(work: Promise<T>): Promise<T> => {
      work.catch(() => undefined);
      stopped.catch(() => undefined);
      return Promise.race([work, stopped]);
    };

    if (!options.format) {
      const whole = await untilStopped(readAll(source, options.path));
      const wav = parseWav(whole, name);
      const pcm = new PcmConverter(wav.format, INPUT_SAMPLE_RATE).push(wav.data);
      if (pcm.length === 0) throw new UsageError(`${name} contains no audio samples`);
      delivery.push(chunker.push(pcm));
      return this.finish(chunker, delivery);
    }

    const converter = new PcmConverter(options.format, INPUT_SAMPLE_RATE);
    let total = 0;
    // The first bytes are held back until a RIFF/WAVE header can be ruled out: a WAV given with
    // --input-format would otherwise play its 44-byte header as a burst of noise, at the wrong rate.
    let head: Buffer | undefined = Buffer.alloc(0);
    let failed = false;
    const streaming = new Promise<void>((resolve, reject) => {
      let started = false;
      const deliver = (bytes: Buffer): void => {
        if (!started) {
          started = true;
          resolve();
        }
        delivery.push(chunker.push(converter.push(bytes)));
      };
      source.on('data', (bytes: Buffer) => {
        if (failed) return;
        total += bytes.length;
        if (head === undefined) return deliver(bytes);
        head = Buffer.concat([head, bytes]);
        if (head.length < WAV_MAGIC_BYTES) return;
        const first = head;
        head = undefined;
        if (isWavHeader(first)) {
          failed = true;
          source.removeAllListeners('data');
          if (source !== options.stdin) source.destroy();
          return reject(new UsageError(`${name} is a WAV file, but --input-format is for raw PCM: drop --input-format`));
        }
        deliver(first);
      });
      source.once('end', () => {
        if (failed) return;
        if (total === 0) return reject(new UsageError(`${name} is empty`));
        if (head !== undefined && head.length > 0) deliver(head);
        head = undefined;
        resolve();
        this.finish(chunker, delivery);
      });
      source.once('error', (error) => {
        if (failed) return;
        const usage = describeReadError(error, options.path);
        if (!started) return reject(usage);
        delivery.stop();
        sink.error(usage);
      });
    });
    await untilStopped(streaming);
  }

  async stop(): Promise<void> {
    this.delivery?.stop();
    if (this.source && this.source !== this.options.stdin) this.source.destroy();
    this.source?.removeAllListeners('data');
  }

  private finish(chunker: FrameChunker, delivery: PacedDelivery): void {
    const rest = chunker.flush();
    if (rest.length > 0) delivery.push([rest]);
    delivery.finish();
  }

  private async openSource(signal: AbortSignal): Promise<Readable> {
    if (this.options.path !== '-') return openInput(this.options.path, signal).catch((error: unknown) => Promise.reject(signal.aborted ? signal.reason : describeReadError(error, this.options.path)));
    if (!this.options.stdin) throw new UsageError('--input - needs audio on stdin');
    return this.options.stdin;
  }
}

const WAV_MAGIC_BYTES = 12;

/** `RIFF<size>WAVE`: the first 12 bytes of every WAV file. */
function isWavHeader(bytes: Buffer): boolean {
  return bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE';
}

function readAll(source: Readable, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    source.on('data', (bytes: Buffer) => parts.push(bytes));
    source.once('end', () => resolve(Buffer.concat(parts)));
    source.once('error', (error) => reject(describeReadError(error, path)));
  });
}
