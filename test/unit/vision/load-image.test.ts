// --image and a typed picture path are read through the one bounded reader: whatever a file holds,
// talk either gets exactly its bytes as a JPEG or PNG frame, or one UsageError (exit 2) naming the
// flag and the path. Never more than the frame cap is kept, and a FIFO with no writer ends on the
// command's signal instead of holding a thread (which kept one SIGTERM from ending talk).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InterruptedError, UsageError } from '../../../src/errors.js';
import { MAX_FRAME_BYTES } from '../../../src/vision/jpeg-splitter.js';
import { loadImage } from '../../../src/vision/preflight.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-load-image-'));
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const never = new AbortController().signal;
const starts = (bytes: Buffer, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);

// A picture-like or random head, then a length that is small or right at the cap's edge.
const contents = fc
  .tuple(
    fc.constantFrom(JPEG, PNG, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], []),
    fc.uint8Array({ maxLength: 32 }),
    fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: MAX_FRAME_BYTES - 2, max: MAX_FRAME_BYTES + 2 })),
  )
  .map(([head, body, length]) => {
    const bytes = Buffer.alloc(length);
    Buffer.from([...head, ...body]).copy(bytes);
    return bytes;
  });

let serial = 0;
describe('loadImage', () => {
  it('a file becomes exactly its bytes as a frame, or one exit-2 line naming flag and path (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(contents, fc.constantFrom('--image', 'typed file'), async (bytes, flag) => {
        const file = path.join(dir, `p-${++serial}`);
        writeFileSync(file, bytes);
        const picture = bytes.length <= MAX_FRAME_BYTES && (starts(bytes, JPEG) || starts(bytes, PNG));
        const result = await loadImage(file, never, flag).then(
          (frame) => ({ frame }),
          (error: unknown) => ({ error }),
        );
        if (picture && 'frame' in result) {
          expect(Buffer.compare(result.frame.image, bytes)).toBe(0);
          expect(result.frame.mimeType).toBe(starts(bytes, JPEG) ? 'image/jpeg' : 'image/png');
          return;
        }
        expect(picture, 'a JPEG or PNG within the cap is refused').toBe(false);
        expect(result).toEqual({ error: expect.any(UsageError) });
        const { message } = (result as { error: UsageError }).error;
        expect(message.startsWith(`${flag} ${file} `)).toBe(true);
        expect(message).not.toContain('\n');
      }),
      { numRuns: 60 },
    );
  });

  it('a FIFO that delivers a picture is read whole', async () => {
    const fifo = path.join(dir, `f-${++serial}`);
    execFileSync('mkfifo', [fifo]);
    const picture = Buffer.from([...JPEG, 1, 2, 3]);
    const loading = loadImage(fifo, never);
    const writer = await open(fifo, 'w');
    await writer.write(picture);
    await writer.close();
    await expect(loading).resolves.toEqual({ image: picture, mimeType: 'image/jpeg' });
  });

  it('a FIFO with no writer ends on the signal, with its reason', async () => {
    const fifo = path.join(dir, `f-${++serial}`);
    execFileSync('mkfifo', [fifo]);
    const controller = new AbortController();
    const loading = loadImage(fifo, controller.signal);
    const stop = InterruptedError.by('SIGTERM');
    controller.abort(stop);
    await expect(loading).rejects.toBe(stop);
  });

  it('a directory and a missing file are one line each, naming the flag', async () => {
    await expect(loadImage(dir, never)).rejects.toMatchObject({ message: `--image: ${dir} is a directory` });
    await expect(loadImage(path.join(dir, 'none.jpg'), never)).rejects.toMatchObject({
      message: `--image: no such file: ${path.join(dir, 'none.jpg')}`,
    });
  });
});
