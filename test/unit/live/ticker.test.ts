import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { Ticker } from '../../../src/live/session/ticker.js';
import { FakeClock } from '../../fakes/fake-clock.js';

/** A FakeClock that counts the timers that fire: each is a wake-up of the event loop. */
function counting(): { fake: FakeClock; clock: Clock; fired: () => number } {
  const fake = new FakeClock();
  let fired = 0;
  const clock: Clock = {
    now: () => fake.now(),
    monotonic: () => fake.monotonic(),
    setTimeout: (fn, ms) => fake.setTimeout(() => (fired++, fn()), ms),
    setInterval: (fn, ms) => fake.setInterval(() => (fired++, fn()), ms),
  };
  return { fake, clock, fired: () => fired };
}

describe('Ticker', () => {
  it('ticks every period on its own timer when nothing else wakes the loop', () => {
    const { fake, clock, fired } = counting();
    const ticks: number[] = [];
    new Ticker(clock, 100, 20, () => ticks.push(fake.monotonic())).start();
    fake.advance(550);
    expect(ticks).toEqual([100, 200, 300, 400, 500]);
    expect(fired()).toBe(5);
  });

  it('rides on 20 ms frames: the same ticks, ≤ 20 ms early, and no wake-up of its own', () => {
    const { fake, clock, fired } = counting();
    const ticks: number[] = [];
    const ticker = new Ticker(clock, 100, 20, () => ticks.push(fake.monotonic()));
    ticker.start();
    for (let t = 20; t <= 1000; t += 20) {
      fake.advance(20); // a frame's own wake-up…
      ticker.carry(fake.monotonic()); // …carries the tick once it is within a frame of being due
    }
    expect(fired()).toBe(0);
    expect(ticks).toEqual([80, 160, 240, 320, 400, 480, 560, 640, 720, 800, 880, 960]);
  });

  it('falls back to its timer when the frames stop, and stops for good', () => {
    const { fake, clock } = counting();
    const ticks: number[] = [];
    const ticker = new Ticker(clock, 100, 20, () => ticks.push(fake.monotonic()));
    ticker.start();
    fake.advance(80);
    ticker.carry(fake.monotonic()); // t = 80: carried
    fake.advance(350); // no frames: the timer takes over two periods after the carried tick, then every period
    expect(ticks).toEqual([80, 280, 380]);
    ticker.stop();
    ticker.carry(fake.monotonic());
    fake.advance(500);
    expect(ticks).toEqual([80, 280, 380]);
    expect(fake.pending).toBe(0);
  });

  it('never clears a timeout that is about to fire while frames carry the ticks', () => {
    // Node does not re-aim the loop's timer when the earliest timeout is cleared: the loop wakes
    // at the cleared time anyway. So what the ticker clears must be more than a frame away.
    const fake = new FakeClock();
    const marginsAtClear: number[] = [];
    const clock: Clock = {
      now: () => fake.now(),
      monotonic: () => fake.monotonic(),
      setTimeout: (fn, ms) => {
        const due = fake.monotonic() + ms;
        const cancel = fake.setTimeout(fn, ms);
        return () => (marginsAtClear.push(due - fake.monotonic()), cancel());
      },
      setInterval: (fn, ms) => fake.setInterval(fn, ms),
    };
    const ticker = new Ticker(clock, 100, 20, () => undefined);
    ticker.start();
    for (let t = 20; t <= 2000; t += 20) {
      fake.advance(20);
      ticker.carry(fake.monotonic());
    }
    expect(marginsAtClear.length).toBeGreaterThan(20);
    // The first clear is start()'s one-period timer, once a session; after that, none near firing.
    expect(Math.min(...marginsAtClear.slice(1))).toBeGreaterThan(20);
  });
});
