import { describe, expect, it } from 'vitest';
import { PlaybackBuffer, type PlaybackBufferOptions } from '../../../src/audio/playback/playback-buffer.js';
import { pcmBytesFor } from '../../../src/audio/pcm/pcm.js';
import { FakeAudioOutput, type RecordedWrite } from '../../fakes/fake-audio.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import type { Clock } from '../../../src/clock.js';

/** A FakeClock's methods as a plain object (they are class methods, so spreading alone drops them). */
const bind = (fake: FakeClock): Clock => ({
  now: () => fake.now(),
  monotonic: () => fake.monotonic(),
  setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
  setInterval: (fn, ms) => fake.setInterval(fn, ms),
});

const RATE = 24000;
const ms = (n: number): Buffer => Buffer.alloc(pcmBytesFor(n, RATE), 1); // non-zero: "model audio"
const isSilence = (pcm: Buffer): boolean => pcm.every((b) => b === 0);
const durationMs = (writes: readonly RecordedWrite[]): number =>
  writes.reduce((sum, w) => sum + (w.pcm.length / 2 / RATE) * 1000, 0);

function setup(options: Partial<PlaybackBufferOptions> = {}) {
  const clock = new FakeClock();
  const output = new FakeAudioOutput(clock);
  const buffer = new PlaybackBuffer({ output, clock, leadMs: 150, tickMs: 20, ...options });
  /** Estimated device lead after every write, reconstructed only from the recorded writes. */
  const leads = (): number[] => {
    let end = 0;
    return output.writes.map((w) => {
      end = Math.max(end, w.at) + (w.pcm.length / 2 / RATE) * 1000;
      return end - w.at;
    });
  };
  const silent = (): RecordedWrite[] => output.writes.filter((w) => isSilence(w.pcm));
  return { clock, output, buffer, leads, silent };
}

describe('PlaybackBuffer pacing', () => {
  it.each([50, 100, 150, 200])('never hands the device more than the %i ms lead', (leadMs) => {
    const { clock, buffer, output, leads } = setup({ leadMs });
    buffer.enqueue(ms(1000)); // a burst far bigger than the lead
    for (let t = 0; t < 1700; t += 7) {
      clock.advance(7);
      if (t === 350) buffer.enqueue(ms(400));
    }
    expect(Math.max(...leads())).toBeLessThanOrEqual(leadMs + 1e-9);
    const audio = output.writes.filter((w) => !isSilence(w.pcm)).reduce((n, w) => n + w.pcm.length, 0);
    expect(audio).toBe(pcmBytesFor(1400, RATE));
  });

  it('writes at once when the device has room, and holds the rest until a refill fits', () => {
    const { buffer, output, clock } = setup();
    buffer.enqueue(ms(40));
    buffer.enqueue(ms(200)); // 110 ms fits now, 90 ms must wait
    clock.advance(120);
    expect(output.writes.map((w) => [w.at, w.pcm.length])).toEqual([
      [0, pcmBytesFor(40, RATE)],
      [0, pcmBytesFor(110, RATE)],
      [40, pcmBytesFor(40, RATE)], // refillMs (40) of room: one larger write, not two 20 ms ones
      [80, pcmBytesFor(40, RATE)],
      [90, pcmBytesFor(10, RATE)], // the rest, as soon as it fits
    ]);
  });

  it('streams a long burst in refill-sized writes', () => {
    const { buffer, output, clock } = setup();
    buffer.enqueue(ms(2000));
    buffer.endTurn();
    clock.advance(2100);
    expect(output.bytes.length).toBe(pcmBytesFor(2000, RATE));
    expect(output.writes.length).toBe(1 + Math.ceil((2000 - 150) / 40)); // the first 150 ms, then 40 ms at a time
  });

  it('sleeps while the model streams at real-time pace: no timer wake-ups, no slivers of silence', () => {
    const fake = new FakeClock();
    let fired = 0;
    const clock: Clock = {
      ...bind(fake),
      setTimeout: (fn, ms) => fake.setTimeout(() => (fired++, fn()), ms),
      setInterval: (fn, ms) => fake.setInterval(() => (fired++, fn()), ms),
    };
    const output = new FakeAudioOutput(fake);
    const buffer = new PlaybackBuffer({ output, clock, leadMs: 150, tickMs: 20 });
    for (let chunk = 0; chunk < 50; chunk++) {
      buffer.enqueue(ms(40)); // 2 s of speech, one 40 ms chunk every 40 ms (the emulator's pace)
      fake.advance(40);
    }
    const silence = output.writes.filter((w) => isSilence(w.pcm));
    // The first chunk's 40 ms run out before the second arrives: 2 × 20 ms of silence, then the
    // device stays 40 ms ahead and each chunk lands before anything runs low.
    expect(silence.map((w) => [w.at, w.pcm.length])).toEqual([
      [20, pcmBytesFor(20, RATE)],
      [40, pcmBytesFor(20, RATE)],
    ]);
    expect(fired).toBe(2); // a fixed 20 ms tick fired 100 times here
  });

  it('keeps playing order and content', () => {
    const { buffer, output, clock } = setup();
    const parts = [1, 2, 3].map((v) => Buffer.alloc(pcmBytesFor(90, RATE), v));
    for (const part of parts) buffer.enqueue(part);
    buffer.endTurn(); // no silence fill after the last part
    clock.advance(400);
    expect(output.bytes).toEqual(Buffer.concat(parts));
  });
});

describe('PlaybackBuffer flush (barge-in)', () => {
  it('empties the queue at once and reports what the device still holds (the lead)', () => {
    const { buffer, clock, output } = setup();
    buffer.enqueue(ms(2000));
    clock.advance(500);
    const before = output.writes.length;
    // refilled 40 ms at a time once there is room for it: 110–150 ms in the device, 130 ms at t=500
    expect(buffer.flush()).toEqual({
      droppedMs: 1370,
      inDeviceMs: 130,
      heardMs: 500,
      writtenMs: 630,
      receivedMs: 2000,
    });
    clock.advance(1000);
    expect(output.writes.length).toBe(before); // nothing more reaches the device
    expect(clock.pending).toBe(0);
  });

  it('starts a new turn with fresh accounting after a flush', () => {
    const { buffer, clock } = setup();
    buffer.enqueue(ms(300));
    clock.advance(100);
    buffer.flush();
    clock.advance(200);
    buffer.enqueue(ms(60));
    clock.advance(30);
    expect(buffer.flush()).toEqual({ droppedMs: 0, inDeviceMs: 30, heardMs: 30, writtenMs: 60, receivedMs: 60 });
  });
});

describe('PlaybackBuffer underrun', () => {
  it('fills gaps inside an open turn with ~2 ticks of silence, capped at 1 s per gap', () => {
    const { buffer, clock, output, silent, leads } = setup();
    buffer.enqueue(ms(60));
    clock.advance(200); // network stall
    expect(durationMs(silent())).toBe(180); // 40 ms in the device at any time, from 60 ms to 240 ms
    // the device never held more than ~2 ticks of silence, so new audio is not delayed much
    const before = durationMs(silent());
    buffer.enqueue(ms(20));
    const last = output.writes.at(-1)!;
    expect(isSilence(last.pcm)).toBe(false);
    expect([last.at, leads().at(-1)]).toEqual([200, 40 + 20]); // written on arrival, behind ≤ 40 ms of silence
    clock.advance(2000);
    expect(durationMs(silent()) - before).toBe(1000);
    expect(clock.pending).toBe(0); // stopped ticking once the cap was reached and the device ran dry
  });

  it('stops feeding after endTurn(): no silence after the last audio', () => {
    const { buffer, clock, silent } = setup();
    buffer.enqueue(ms(100));
    buffer.endTurn();
    clock.advance(1000);
    expect(silent()).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});

describe('PlaybackBuffer turn accounting and draining', () => {
  it('counts heard audio per turn, excluding silence fill', () => {
    const { buffer, clock } = setup();
    buffer.enqueue(ms(100));
    clock.advance(150); // 100 ms of audio, then silence fill
    buffer.enqueue(ms(100));
    clock.advance(500);
    expect(buffer.flush()).toMatchObject({ heardMs: 200, writtenMs: 200, receivedMs: 200, droppedMs: 0 });
  });

  it('drained() resolves once everything enqueued has played', async () => {
    const { buffer, clock } = setup();
    buffer.enqueue(ms(300));
    buffer.endTurn();
    let done = false;
    void buffer.drained().then(() => (done = true));
    await clock.advanceAsync(200);
    expect(done).toBe(false);
    await clock.advanceAsync(120);
    expect(done).toBe(true);
  });

  it('close() stops the pump and ignores later audio', () => {
    const { buffer, clock, output } = setup();
    buffer.enqueue(ms(500));
    buffer.close();
    const count = output.writes.length;
    buffer.enqueue(ms(100));
    clock.advance(1000);
    expect(output.writes.length).toBe(count);
    expect(clock.pending).toBe(0);
  });
});
