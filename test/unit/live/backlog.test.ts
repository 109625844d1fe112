import { describe, expect, it } from 'vitest';
import { InputBacklog } from '../../../src/live/session/backlog.js';
import { realtime } from '../../../src/live/wire/client-message.js';

const bytes = (n: number, start = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (start + i) % 256));

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
