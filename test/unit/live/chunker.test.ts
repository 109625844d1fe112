import { describe, expect, it } from 'vitest';
import { FrameChunker, MAX_FRAME_BYTES, MIN_FRAME_BYTES } from '../../../src/live/session/chunker.js';
import { InputBacklog } from '../../../src/live/session/backlog.js';
import { realtime } from '../../../src/live/wire/setup-message.js';

const bytes = (n: number, start = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (start + i) % 256));

describe('FrameChunker', () => {
  it.each([
    [[100], [], 100],
    [[640], [640], 0],
    [[4096], [1280, 1280, 1280], 256],
    [[300, 300, 300], [900], 0],
    [[1281], [1280], 1],
    [[2000], [1280, 720], 0],
  ])('inputs %j → frames %j, remainder %i', (inputs, frames, rest) => {
    const chunker = new FrameChunker();
    const out = inputs.flatMap((n) => chunker.push(bytes(n)));
    expect(out.map((f) => f.length)).toEqual(frames);
    for (const f of out) {
      expect(f.length % 2).toBe(0);
      expect(f.length).toBeGreaterThanOrEqual(MIN_FRAME_BYTES);
      expect(f.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    }
    expect(chunker.flush()?.length ?? 0).toBe(rest & ~1);
  });

  it('keeps every byte in order', () => {
    const chunker = new FrameChunker();
    const input = bytes(10_000);
    const out: Buffer[] = [];
    for (let i = 0; i < input.length; i += 333) out.push(...chunker.push(input.subarray(i, i + 333)));
    const rest = chunker.flush();
    if (rest) out.push(rest);
    expect(Buffer.concat(out).equals(input)).toBe(true);
  });
});

describe('InputBacklog', () => {
  it('drops the oldest audio beyond the bound and keeps control messages', () => {
    const backlog = new InputBacklog(2000);
    backlog.push(realtime.activityStart());
    for (let i = 0; i < 4; i += 1) backlog.push(realtime.audio(bytes(1000, i)), 1000);
    backlog.push(realtime.streamEnd());
    expect(backlog.droppedFrames).toBe(2);
    expect(backlog.droppedBytes).toBe(2000);
    const held = backlog.drain();
    expect(held[0]).toEqual(realtime.activityStart());
    expect(held[1]).toEqual(realtime.audio(bytes(1000, 2)));
    expect(held[2]).toEqual(realtime.audio(bytes(1000, 3)));
    expect(held[3]).toEqual(realtime.streamEnd());
    expect(backlog.drain()).toEqual([]);
  });

  it('unbounded for file input', () => {
    const backlog = new InputBacklog(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 1000; i += 1) backlog.push(realtime.audio(bytes(1280)), 1280);
    expect(backlog.size).toBe(1000);
    expect(backlog.droppedFrames).toBe(0);
  });
});
