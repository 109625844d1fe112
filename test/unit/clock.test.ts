// The Clock helpers built on the port: they must honour any Clock, the fake one included, and leave
// no timer behind.
import { describe, expect, it } from 'vitest';
import { sleep, waitAtMost } from '../../src/clock.js';
import { FakeClock, flushPromises } from '../fakes/fake-clock.js';

describe('waitAtMost', () => {
  it('returns when the promise settles first and cancels its timer', async () => {
    const clock = new FakeClock();
    let settle!: () => void;
    const done = waitAtMost(clock, 1000, new Promise<void>((resolve) => (settle = resolve)));
    expect(clock.pending).toBe(1);
    settle();
    await done;
    expect(clock.pending).toBe(0);
    expect(clock.monotonic()).toBe(0);
  });

  it('gives up after exactly ms on the clock when the promise never settles', async () => {
    const clock = new FakeClock();
    let returned = false;
    const done = waitAtMost(clock, 1000, new Promise<void>(() => undefined)).then(() => (returned = true));
    await clock.advanceAsync(999);
    expect(returned).toBe(false);
    await clock.advanceAsync(1);
    await done;
    expect(returned).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('passes a rejection through and still cancels its timer', async () => {
    const clock = new FakeClock();
    await expect(waitAtMost(clock, 1000, Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(clock.pending).toBe(0);
  });
});

describe('sleep', () => {
  it('rejects with the signal reason on abort and cancels its timer', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const slept = sleep(clock, 1000, controller.signal).catch((e: unknown) => e);
    controller.abort(new Error('stop'));
    await flushPromises();
    expect(await slept).toEqual(new Error('stop'));
    expect(clock.pending).toBe(0);
  });
});
