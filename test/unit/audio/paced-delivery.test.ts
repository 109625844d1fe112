import { describe, expect, it } from 'vitest';
import { PacedDelivery } from '../../../src/audio/devices/paced-delivery.js';
import type { Clock } from '../../../src/clock.js';
import { FakeClock } from '../../fakes/fake-clock.js';

/**
 * A FakeClock whose timers behave like Node's: a timeout counts whole milliseconds (a delay below 1
 * is 1) from the loop's time, which is the time the loop last woke, rounded down: here half a
 * millisecond behind. So `setTimeout(fn, 19.6)` at t = 0.4 fires at t = 19, before 0.4 + 19.6. An
 * interval is re-armed from when it fired and so drifts late, here 0.25 ms per beat (measured on
 * the bench machine: ~0.2). Counts timers fired (wake-ups) and timers created.
 */
function nodeLikeClock(): { clock: Clock; fake: FakeClock; fired: () => number; created: () => number } {
  const fake = new FakeClock();
  let fired = 0;
  let created = 0;
  const wholeMs = (ms: number): number =>
    Math.max(0.5, Math.floor(fake.monotonic() - 0.5) + Math.ceil(Math.max(1, ms)) - fake.monotonic());
  const clock: Clock = {
    now: () => fake.now(),
    monotonic: () => fake.monotonic(),
    setTimeout: (fn, ms) => (created++, fake.setTimeout(() => (fired++, fn()), wholeMs(ms))),
    setInterval: (fn, ms) => {
      created++;
      let cancel = (): void => undefined;
      const arm = (): void => void (cancel = fake.setTimeout(() => (fired++, arm(), fn()), ms + 0.25));
      arm();
      return () => cancel();
    },
  };
  return { clock, fake, fired: () => fired, created: () => created };
}

describe('PacedDelivery', () => {
  it('sends each frame on its own single wake-up, on time, when the clock starts between milliseconds', () => {
    const { clock, fake, fired } = nodeLikeClock();
    fake.advance(0.4); // performance.now() is never a whole number
    const sent: number[] = [];
    const delivery = new PacedDelivery(
      { chunk: () => sent.push(fake.monotonic()), end: () => undefined, error: () => undefined },
      clock,
      20,
      false,
    );
    delivery.push(Array.from({ length: 50 }, () => Buffer.alloc(640)));
    fake.advance(1100);
    expect(sent).toHaveLength(50);
    sent.forEach((at, i) => {
      const due = 0.4 + i * 20;
      expect(at).toBeGreaterThanOrEqual(due - 2); // at most the slack early…
      expect(at).toBeLessThanOrEqual(due + 2.5); // …or late (+ one beat's drift) before the beat is re-aligned
    });
    // One wake-up per frame; with fractional delays every frame woke the loop twice (99 here).
    expect(fired()).toBe(50);
  });

  it('beats on one interval while frames wait, re-aligned when it drifts, so frames stay on time', () => {
    const { clock, fake, fired, created } = nodeLikeClock();
    fake.advance(0.3);
    const sent: number[] = [];
    const delivery = new PacedDelivery(
      { chunk: () => sent.push(fake.monotonic()), end: () => undefined, error: () => undefined },
      clock,
      20,
      false,
    );
    for (let i = 0; i < 500; i += 100) delivery.push(Array.from({ length: 100 }, () => Buffer.alloc(640))); // 10 s of a file
    fake.advance(10_100);
    expect(sent).toHaveLength(500);
    const lateness = sent.map((at, i) => at - (0.3 + i * 20));
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(2.5); // the drift is caught within a beat
    expect(fired()).toBe(500); // still one wake-up per frame
    expect(created()).toBeLessThanOrEqual(500 / 5); // not a new timer per frame (was 500)
  });

  it('does not drift: frame i still leaves at start + i × 20 ms after 10 minutes', () => {
    const { clock, fake } = nodeLikeClock();
    fake.advance(0.7);
    let last = 0;
    let count = 0;
    const delivery = new PacedDelivery(
      { chunk: () => ((last = fake.monotonic()), count++), end: () => undefined, error: () => undefined },
      clock,
      20,
      false,
    );
    const frames = 30_000; // 10 minutes of 20 ms frames
    for (let i = 0; i < frames; i += 500) delivery.push(Array.from({ length: 500 }, () => Buffer.alloc(2)));
    fake.advance(frames * 20 + 100);
    expect(count).toBe(frames);
    expect(Math.abs(last - (0.7 + (frames - 1) * 20))).toBeLessThanOrEqual(2);
  });
});

describe('PacedDelivery --fast under backpressure', () => {
  it('hands a frame over only while the sink is ready, and looks again a frame later', async () => {
    const clock = new FakeClock();
    let room = 3;
    const sent: number[] = [];
    let ended = false;
    const sink = {
      chunk: (frame: Buffer) => (sent.push(frame[0]!), (room -= 1)),
      end: () => (ended = true),
      error: () => undefined,
      ready: () => room > 0,
    };
    const delivery = new PacedDelivery(sink, clock, 20, true);
    delivery.push(Array.from({ length: 10 }, (_, i) => Buffer.alloc(640, i)));
    delivery.finish();
    await expect.poll(() => sent.length).toBe(3);
    // No room: nothing more goes, however often the event loop turns, until the sink has room again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([0, 1, 2]);
    room = 100;
    clock.advance(20);
    await expect.poll(() => sent.length).toBe(10);
    expect(sent).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ended).toBe(true);
  });
});
