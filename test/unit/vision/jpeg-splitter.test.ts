// The splitter cuts ffmpeg's image2pipe stream back into whole JPEGs whatever the pipe's chunking,
// including bytes that look like an end marker inside a segment (an EXIF thumbnail), and never holds
// more than its cap. Seeded: `FC_SEED=<seed>` replays a failure.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JpegSplitter } from '../../../src/vision/jpeg-splitter.js';

const SEED = Number(process.env['FC_SEED'] ?? 24_001);

/** A small JPEG-shaped image: SOI, an APP1 segment (whose payload may hold FF D9), SOS, entropy data, EOI. */
function jpeg(payload: Uint8Array, entropy: Uint8Array): Buffer {
  // Entropy-coded data never holds a bare 0xFF: it is stuffed as FF 00.
  const coded: number[] = [];
  for (const byte of entropy) coded.push(...(byte === 0xff ? [0xff, 0x00] : [byte]));
  const app1 = Buffer.from(payload);
  const appLength = app1.length + 2;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe1, appLength >> 8, appLength & 0xff]),
    app1,
    Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x02]),
    Buffer.from(coded),
    Buffer.from([0xff, 0xd0, 0x11, 0xff, 0xd9]),
  ]);
}

const image = fc
  .tuple(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }))
  .map(([payload, entropy]) => jpeg(payload, entropy));

function chunked(data: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const point of [...points, data.length]) {
    out.push(data.subarray(from, point));
    from = point;
  }
  return out;
}

describe('JpegSplitter', () => {
  it('gives back exactly the images written, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(image, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 20 }), (images, cuts) => {
        const splitter = new JpegSplitter();
        const out = chunked(Buffer.concat(images), cuts).flatMap((chunk) => splitter.push(chunk));
        expect(out.map((b) => b.toString('hex'))).toEqual(images.map((b) => b.toString('hex')));
        expect(splitter.dropped).toBe(0);
        expect(splitter.held).toBe(0);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('an EXIF segment holding FF D9 does not end the image', () => {
    const one = jpeg(Uint8Array.from([0xff, 0xd9, 0xff, 0xd8]), Uint8Array.from([1, 0xff, 2]));
    expect(new JpegSplitter().push(one)).toEqual([one]);
  });

  it('an image over the cap is dropped and counted; the next one still comes through, and no more than the cap is held', () => {
    const big = jpeg(new Uint8Array(0), new Uint8Array(5000).fill(7));
    const small = jpeg(new Uint8Array(0), Uint8Array.from([1, 2, 3]));
    const splitter = new JpegSplitter(1000);
    const out: Buffer[] = [];
    for (const chunk of chunked(Buffer.concat([big, small]), [300, 600, 900, 1200, 2000, 4000, 5000])) {
      out.push(...splitter.push(chunk));
      expect(splitter.held).toBeLessThanOrEqual(1000 + 4000);
    }
    expect(out).toEqual([small]);
    expect(splitter.dropped).toBe(1);
  });

  it('bytes that are no image are skipped, and an image cut short by the next one is dropped', () => {
    const good = jpeg(new Uint8Array(0), Uint8Array.from([9]));
    const cut = good.subarray(0, good.length - 2); // no EOI: the next SOI cuts it short
    const splitter = new JpegSplitter();
    expect(splitter.push(Buffer.concat([Buffer.from('noise'), cut, good]))).toEqual([good]);
    expect(splitter.dropped).toBe(1);
  });
});
