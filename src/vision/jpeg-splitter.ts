// Pure: ffmpeg's image2pipe/mjpeg output is JPEG after JPEG on one pipe, with nothing between them.
// This cuts it back into whole images by walking the markers (https://www.w3.org/Graphics/JPEG/itu-t81.pdf,
// B.1): SOI, length-prefixed segments up to SOS, then entropy-coded data in which 0xFF is always
// followed by 0x00 (stuffing) or a restart marker, so the first other marker there ends the scan.
// Scanning for FF D9 alone would cut an image at an EXIF thumbnail's end. Bounded: an image over
// the cap is dropped (counted), and never more than the cap is held.

export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

type State = 'seek' | 'marker' | 'entropy';

export class JpegSplitter {
  readonly #maxBytes: number;
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  #state: State = 'seek';
  /** Images dropped because they were over the cap or broken off by another SOI. */
  dropped = 0;

  constructor(maxBytes = MAX_FRAME_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes held for the image not yet complete. */
  get held(): number {
    return this.#buf.length;
  }

  /** The whole images `chunk` completes, in order. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    for (;;) {
      const step = this.#step();
      if (step === 'wait') break;
      if (step !== 'more') out.push(step);
    }
    if (this.#buf.length > this.#maxBytes) {
      // Over the cap and not finished: drop it and look for the next image.
      if (this.#state !== 'seek') this.dropped += 1;
      this.#restart(this.#buf.length);
    }
    return out;
  }

  /** One parsing step: an image, 'more' to go on, or 'wait' for more bytes. */
  #step(): Buffer | 'more' | 'wait' {
    const buf = this.#buf;
    if (this.#state === 'seek') {
      const at = buf.indexOf(SOI_BYTES, this.#pos);
      if (at < 0) {
        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        this.#restart(buf.length > 0 && buf[buf.length - 1] === 0xff ? buf.length - 1 : buf.length);
        return 'wait';
      }
      this.#buf = buf.subarray(at);
      this.#pos = 2;
      this.#state = 'marker';
      return 'more';
    }
    if (this.#state === 'entropy') {
      for (let i = this.#pos; i + 1 < buf.length; i++) {
        if (buf[i] !== 0xff) continue;
        const next = buf[i + 1]!;
        if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
        this.#pos = i;
        this.#state = 'marker';
        return 'more';
      }
      this.#pos = Math.max(this.#pos, buf.length - 1);
      return 'wait';
    }
    // Between segments: fill bytes (0xFF…), then a marker.
    let i = this.#pos;
    while (i + 1 < buf.length && buf[i] === 0xff && buf[i + 1] === 0xff) i += 1;
    if (i + 1 >= buf.length) return 'wait';
    if (buf[i] !== 0xff) return this.#broken(i);
    const marker = buf[i + 1]!;
    if (marker === 0xd9) {
      const image = Buffer.from(buf.subarray(0, i + 2));
      this.#restart(i + 2);
      return image;
    }
    if (marker === 0xd8) return this.#broken(i);
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      this.#pos = i + 2;
      return 'more';
    }
    if (i + 4 > buf.length) return 'wait';
    const length = buf.readUInt16BE(i + 2);
    if (length < 2) return this.#broken(i);
    if (i + 2 + length > buf.length) return 'wait';
    this.#pos = i + 2 + length;
    if (marker === 0xda) this.#state = 'entropy';
    return 'more';
  }

  /** Not a JPEG after all (or cut short by the next one): drop it and look for the next SOI. */
  #broken(at: number): 'more' {
    this.dropped += 1;
    this.#restart(at);
    return 'more';
  }

  #restart(from: number): void {
    this.#buf = this.#buf.subarray(from);
    this.#pos = 0;
    this.#state = 'seek';
  }
}

const SOI_BYTES = Buffer.from([0xff, 0xd8]);
