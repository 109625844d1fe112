// `--input` bytes → 16 kHz mono s16le, one read at a time, so memory stays bounded whatever the
// input's length (`/dev/zero`, an endless pipe). The header is checked before any audio
// is taken: a WAV's RIFF/fmt/data chunks, or, for raw PCM, that it is not a WAV after all.

import { UsageError } from '../../errors.js';
import { PcmConverter } from './pcm-converter.js';
import type { PcmFormat } from './pcm.js';
import { checkDataSize, scanWavHeader, type WavHeader } from './wav.js';

export interface InputDecoder {
  /** Converted samples for these bytes (possibly none yet). Throws a UsageError for a bad input. */
  push(bytes: Buffer): Buffer;
  /** End of the input: the samples still held back. Throws if the input ended before it could play. */
  end(): Buffer;
  /** The input declared its length and all of it has been read: stop reading. */
  readonly complete: boolean;
}

/** A header larger than this is not one any recorder writes; refuse it rather than buffer without end. */
export const MAX_WAV_HEADER_BYTES = 1024 * 1024;
const WAV_MAGIC_BYTES = 12;

export class WavInputDecoder implements InputDecoder {
  #head: Buffer | undefined = Buffer.alloc(0);
  #converter: PcmConverter | undefined;
  /** Data bytes still to come, when the header declared how many. */
  #remaining: number | undefined;

  /** `fileSize`: a regular file's size, so a truncated one is refused before it plays. */
  constructor(
    private readonly toRate: number,
    private readonly label: string,
    private readonly fileSize?: number,
  ) {}

  get complete(): boolean {
    return this.#remaining === 0;
  }

  push(bytes: Buffer): Buffer {
    if (this.#head === undefined) return this.#samples(bytes);
    const head = Buffer.concat([this.#head, bytes]);
    const header = scanWavHeader(head, this.label, false);
    if (!header) {
      if (head.length > MAX_WAV_HEADER_BYTES)
        throw new UsageError(
          `${this.label} has no audio data within its first 1 MiB: not a WAV file gemtoken can play`,
        );
      this.#head = head;
      return Buffer.alloc(0);
    }
    this.#start(header);
    return this.#samples(head.subarray(header.dataStart));
  }

  end(): Buffer {
    if (this.#head !== undefined) this.#start(scanWavHeader(this.#head, this.label, true)!);
    return Buffer.alloc(0);
  }

  #start(header: WavHeader): void {
    this.#head = undefined;
    if (this.fileSize !== undefined) checkDataSize(header, this.fileSize - header.dataStart, this.label);
    this.#converter = new PcmConverter(header.format, this.toRate);
    this.#remaining = header.dataBytes;
  }

  #samples(bytes: Buffer): Buffer {
    // Bytes after the declared data (a trailing LIST chunk) are not audio.
    const data = this.#remaining === undefined ? bytes : bytes.subarray(0, this.#remaining);
    if (this.#remaining !== undefined) this.#remaining -= data.length;
    return this.#converter!.push(data);
  }
}

export class RawInputDecoder implements InputDecoder {
  readonly complete = false;
  readonly #converter: PcmConverter;
  // The first bytes are held back until a RIFF/WAVE header can be ruled out: a WAV given with
  // --input-format would otherwise play its 44-byte header as a burst of noise, at the wrong rate.
  #head: Buffer | undefined = Buffer.alloc(0);

  constructor(
    format: PcmFormat,
    toRate: number,
    private readonly label: string,
  ) {
    this.#converter = new PcmConverter(format, toRate);
  }

  push(bytes: Buffer): Buffer {
    if (this.#head === undefined) return this.#converter.push(bytes);
    const head = Buffer.concat([this.#head, bytes]);
    if (head.length < WAV_MAGIC_BYTES) {
      this.#head = head;
      return Buffer.alloc(0);
    }
    this.#head = undefined;
    if (isWavHeader(head))
      throw new UsageError(`${this.label} is a WAV file, but --input-format is for raw PCM: drop --input-format`);
    return this.#converter.push(head);
  }

  end(): Buffer {
    const head = this.#head;
    this.#head = undefined;
    if (head !== undefined && head.length === 0) throw new UsageError(`${this.label} is empty`);
    return head ? this.#converter.push(head) : Buffer.alloc(0);
  }
}

/** `RIFF<size>WAVE`: the first 12 bytes of every WAV file. */
function isWavHeader(bytes: Buffer): boolean {
  return bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE';
}
