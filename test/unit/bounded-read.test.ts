// The one bounded reader (src/bounded-read.ts). Generated: for any chunking and any
// cap around the total, it returns exactly the bytes when they fit, and rejects when they do not
// without pulling more than the cap plus one chunk. Seeded: a failure prints its seed and replays.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCap, declaredOver, readAll, readFileBounded, readReply, TooLargeError } from '../../src/bounded-read.js';

const SEED = 19_0003;
const chunks = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 24 });
/** Chunks and a cap within a few bytes of their total (the edge is where off-by-ones live). */
const chunksAndCap = chunks.chain((parts) => {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  return fc.tuple(fc.constant(parts), fc.integer({ min: Math.max(0, total - 3), max: total + 3 }));
});
const total = (parts: readonly Uint8Array[]): number => parts.reduce((sum, p) => sum + p.length, 0);
const joined = (parts: readonly Uint8Array[]): Buffer => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** A web body that hands out one chunk per pull (highWaterMark 0: nothing read ahead), counting bytes pulled. */
function pulledBody(parts: readonly Uint8Array[]): { response: Response; pulled: () => number } {
  let i = 0;
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const part = parts[i++];
        if (part === undefined) return controller.close();
        pulled += part.length;
        controller.enqueue(new Uint8Array(part));
      },
    },
    { highWaterMark: 0 },
  );
  return { response: new Response(body), pulled: () => pulled };
}

describe('ByteCap', () => {
  it('keeps exactly the bytes while they fit; past the cap it refuses and holds nothing (generated)', () => {
    fc.assert(
      fc.property(chunksAndCap, ([parts, cap]) => {
        const capped = new ByteCap(cap);
        let fitted = true;
        for (const part of parts) {
          fitted = capped.add(part);
          expect(capped.bytes().length).toBeLessThanOrEqual(cap);
          if (!fitted) break;
        }
        expect(fitted).toBe(total(parts) <= cap);
        if (fitted) expect(capped.bytes().equals(joined(parts))).toBe(true);
        else expect(capped.bytes().length).toBe(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('readReply (HTTP reply bodies)', () => {
  it('returns exactly the body when it fits, else TooLargeError having pulled at most cap + one chunk (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(chunksAndCap, async ([parts, cap]) => {
        const { response, pulled } = pulledBody(parts);
        const biggest = Math.max(0, ...parts.map((p) => p.length));
        if (total(parts) <= cap) expect((await readReply(response, cap)).equals(joined(parts))).toBe(true);
        else await expect(readReply(response, cap)).rejects.toBeInstanceOf(TooLargeError);
        expect(pulled()).toBeLessThanOrEqual(cap + biggest);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses a Content-Length over the cap before reading a byte', async () => {
    const { response, pulled } = pulledBody([new Uint8Array(10)]);
    const declared = new Response(response.body, { headers: { 'content-length': '1000000000' } });
    await expect(readReply(declared, 1024)).rejects.toThrow('larger than 1 KiB');
    expect(pulled()).toBe(0);
  });

  it.each([
    ['2048', true],
    ['1024', false],
    [' 2048 ', true],
    ['abc', false],
    [null, false],
  ])('declaredOver(%j, 1024) is %s', (value, over) => expect(declaredOver(value, 1024)).toBe(over));
});

describe('readAll (streams: stdin, FIFOs, devices)', () => {
  it('returns exactly the bytes when they fit, else rejects and destroys the stream (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(chunksAndCap, async ([parts, cap]) => {
        const stream = Readable.from(parts.map((p) => Buffer.from(p)));
        const read = readAll(stream, new AbortController().signal, { limit: cap });
        if (total(parts) <= cap) expect((await read).equals(joined(parts))).toBe(true);
        else {
          await expect(read).rejects.toBeInstanceOf(TooLargeError);
          expect(stream.destroyed).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('ends on the signal with its reason, without waiting for the stream', async () => {
    const stream = new Readable({ read: () => undefined }); // a silent FIFO
    const controller = new AbortController();
    const read = readAll(stream, controller.signal, { limit: 10 });
    controller.abort(new Error('stopped'));
    await expect(read).rejects.toThrow('stopped');
    expect(stream.destroyed).toBe(true);
  });
});

describe.skipIf(process.platform === 'win32')('readFileBounded (files a user names)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-bounded-'));

  it('a regular file over the cap is refused from its size, before a byte is read', async () => {
    const file = path.join(dir, 'big');
    writeFileSync(file, Buffer.alloc(2048));
    await expect(
      readFileBounded(file, new AbortController().signal, { limit: 1024, tooLarge: () => new Error('too big') }),
    ).rejects.toThrow('too big');
  });

  it('a regular file within the cap is read whole', async () => {
    const file = path.join(dir, 'small');
    writeFileSync(file, 'hello');
    expect((await readFileBounded(file, new AbortController().signal, { limit: 5 })).toString()).toBe('hello');
  });

  it.skipIf(!existsSync('/dev/zero'))('/dev/zero (endless, size 0) is read up to the cap and refused', async () => {
    await expect(
      readFileBounded('/dev/zero', new AbortController().signal, { limit: 256 * 1024 }),
    ).rejects.toBeInstanceOf(TooLargeError);
  });
});
