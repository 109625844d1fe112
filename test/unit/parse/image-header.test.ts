// The emulator reads a video frame's size from its JPEG or PNG header. Generated: every valid header of
// any size reads back as that size, whatever precedes its SOF segment; random bytes never throw.
// Seeded: FC_SEED=<seed> replays a failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameTally } from '../../../src/emulator/live/frame-tally.js';
import { readFrame, readImageHeader } from '../../../src/parse/image-header.js';
import { jpegHeader, png, pngHeader } from '../../helpers/images.js';

const SEED = Number(process.env['FC_SEED'] ?? 24_003);
const RUNS = Number(process.env['FC_RUNS'] ?? 300);
const options = { seed: SEED, numRuns: RUNS };

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const SOF_MARKERS = [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf];

/** A segment with a length field that carries no frame size (APPn, COM, DQT, DHT): what may precede SOF. */
const segmentArb = fc
  .tuple(fc.constantFrom(0xe0, 0xe1, 0xee, 0xfe, 0xdb, 0xc4, 0xcc), fc.uint8Array({ maxLength: 40 }))
  .map(([marker, body]) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, Buffer.from(body)]);
  });

describe('image headers', () => {
  it('a generated JPEG header of any size and SOF marker reads back as that size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65_535 }),
        fc.integer({ min: 1, max: 65_535 }),
        fc.constantFrom(...SOF_MARKERS),
        fc.array(segmentArb, { maxLength: 4 }),
        (width, height, marker, segments) => {
          const header = jpegHeader(width, height, marker);
          // The generated segments go between SOI and the JFIF APP0.
          const bytes = Buffer.concat([header.subarray(0, 2), ...segments, header.subarray(2)]);
          expect(readImageHeader(bytes)).toEqual({ format: 'JPEG', width, height });
          expect(readFrame(bytes, 'image/jpeg')).toEqual({
            bytes: bytes.length,
            image: { format: 'JPEG', width, height },
          });
        },
      ),
      options,
    );
  });

  it('a generated PNG header of any size reads back as that size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), fc.integer({ min: 1, max: 0x7fffffff }), (width, height) => {
        expect(readImageHeader(pngHeader(width, height))).toEqual({ format: 'PNG', width, height });
      }),
      options,
    );
  });

  it('random bytes, and random tails after a real signature, never throw', () => {
    const prefixes = [
      Buffer.alloc(0),
      Buffer.from([0xff, 0xd8]),
      pngHeader(1, 1).subarray(0, 8),
      Buffer.from([0xff, 0xd8, 0xff]),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 64 }), fc.string(), (prefix, tail, mime) => {
        const bytes = Buffer.concat([prefix, Buffer.from(tail)]);
        const header = readImageHeader(bytes);
        if (header) expect(header.width * header.height).toBeGreaterThan(0);
        const frame = readFrame(bytes, mime);
        expect(frame.bytes).toBe(bytes.length);
        expect(frame.image === undefined).toBe(frame.problem !== undefined);
      }),
      options,
    );
  });

  it.each([
    ['a truncated SOF', jpegHeader(640, 480).subarray(0, 24), 'image/jpeg'],
    ['scan data before any SOF', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]), 'image/jpeg'],
    ['a zero height (DNL)', jpegHeader(640, 0), 'image/jpeg'],
    [
      'a PNG without IHDR first',
      Buffer.concat([pngHeader(2, 2).subarray(0, 12), Buffer.from('IDAT'), Buffer.alloc(8)]),
      'image/png',
    ],
    ['a zero-width PNG', pngHeader(0, 5), 'image/png'],
  ])('%s is unreadable', (_name, bytes, mime) => {
    expect(readFrame(bytes, mime).image).toBeUndefined();
  });

  it('a frame whose bytes are not the format its mimeType names is unreadable, and says why', () => {
    expect(readFrame(png(2, 2), 'image/jpeg')).toEqual({
      bytes: png(2, 2).length,
      problem: 'image/jpeg bytes that are a PNG',
    });
    expect(readFrame(jpegHeader(4, 4), 'video/mp4').problem).toBe('mimeType "video/mp4" is not JPEG or PNG');
    expect(readFrame(Buffer.from('hello'), 'image/png').problem).toBe('image/png bytes without a readable PNG header');
    expect(readFrame(png(3, 2), 'IMAGE/PNG; q=1').image).toEqual({ format: 'PNG', width: 3, height: 2 });
  });
});

describe('frame tally', () => {
  const jpeg640 = readFrame(jpegHeader(640, 480), 'image/jpeg');
  const png32 = readFrame(pngHeader(32, 16), 'image/png');
  const bad = readFrame(Buffer.from('nope'), 'image/jpeg');
  const tally = (...frames: (typeof jpeg640)[]): FrameTally => {
    const t = new FrameTally();
    for (const f of frames) t.add(f);
    return t;
  };

  it.each([
    [[], undefined],
    [[png32], 'I saw 1 frame of 32×16 PNG'],
    [[jpeg640, jpeg640, jpeg640], 'I saw 3 frames of 640×480 JPEG'],
    [[jpeg640, png32, jpeg640], 'I saw 3 frames: 2 of 640×480 JPEG, 1 of 32×16 PNG'],
    [[bad, bad], 'I saw 2 unreadable frames'],
    [[jpeg640, bad], 'I saw 2 frames: 1 of 640×480 JPEG, 1 unreadable'],
  ])('%j says %s', (frames, sentence) => {
    expect(tally(...frames).sentence()).toBe(sentence);
  });

  it('its view counts every frame, its bytes, the unreadable ones and each size', () => {
    expect(tally(jpeg640, png32, jpeg640, bad).view()).toEqual({
      count: 4,
      bytes: 2 * jpeg640.bytes + png32.bytes + 4,
      unreadable: 1,
      sizes: { '640×480 JPEG': 2, '32×16 PNG': 1 },
    });
  });
});
