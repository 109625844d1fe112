// The drop policies: a device's queue keeps its newest frames and counts the rest; a file's queue
// loses nothing and says when to pause; at the socket only the newest frame waits for room.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameQueue, LatestFrame, frameDueAt } from '../../../src/vision/frame-queue.js';

const SEED = Number(process.env['FC_SEED'] ?? 24_002);

describe('FrameQueue', () => {
  it('drop-oldest: never holds more than its limit, keeps the newest, counts every frame it lost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { maxLength: 100 }), (limit, ops) => {
        const queue = new FrameQueue<number>('drop-oldest', limit);
        let pushed = 0;
        const out: number[] = [];
        for (const push of ops) {
          if (push) queue.push(pushed++);
          else {
            const item = queue.shift();
            if (item !== undefined) out.push(item);
          }
          expect(queue.size).toBeLessThanOrEqual(limit);
        }
        expect(out.length + queue.size + queue.dropped).toBe(pushed);
        expect([...out].sort((a, b) => a - b)).toEqual(out);
      }),
      { seed: SEED },
    );
  });

  it('wait: loses nothing and has no room once the limit is reached', () => {
    const queue = new FrameQueue<number>('wait', 2);
    queue.push(1);
    expect(queue.hasRoom).toBe(true);
    queue.push(2);
    expect(queue.hasRoom).toBe(false);
    queue.push(3);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.dropped]).toEqual([1, 2, 3, 0]);
  });

  it('frame i is due i / fps seconds after the first', () => {
    expect([0, 1, 2].map((i) => frameDueAt(500, i, 2))).toEqual([500, 1000, 1500]);
  });
});

describe('LatestFrame (the socket side)', () => {
  it('sends at once when there is room; otherwise one frame waits and a newer one replaces it', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ offer: fc.boolean(), room: fc.boolean() }), { maxLength: 100 }), (steps) => {
        let room = false;
        const sent: number[] = [];
        const feed = new LatestFrame<number>(
          (frame) => sent.push(frame),
          () => room,
        );
        let offered = 0;
        for (const step of steps) {
          room = step.room;
          if (step.offer) feed.offer(offered++);
          else feed.tick();
        }
        room = true;
        feed.tick();
        expect(sent.length + feed.dropped).toBe(offered);
        expect([...sent].sort((a, b) => a - b)).toEqual(sent);
        if (offered > 0) expect(sent.at(-1)).toBe(offered - 1);
      }),
      { seed: SEED },
    );
  });
});
