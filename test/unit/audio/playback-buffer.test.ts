import { describe, expect, it } from 'vitest';
import { PlaybackBuffer, type PlaybackBufferOptions, type PlaybackWriteEvent } from '../../../src/audio/playback/playback-buffer.js';
import { pcmBytesFor } from '../../../src/audio/pcm/pcm.js';
import { FakeAudioOutput } from '../../fakes/fake-audio.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const RATE = 24000;
const ms = (n: number): Buffer => Buffer.alloc(pcmBytesFor(n, RATE), 1); // non-zero: "model audio"
const isSilence = (pcm: Buffer): boolean => pcm.every((b) => b === 0);

function setup(options: Partial<PlaybackBufferOptions> = {}) {
  const clock = new FakeClock();
  const output = new FakeAudioOutput(clock);
  const events: PlaybackWriteEvent[] = [];
  const buffer = new PlaybackBuffer({ output, clock, leadMs: 150, tickMs: 20, onWrite: (e) => events.push(e), ...options });
  /** Estimated device lead after every write, reconstructed only from the recorded writes. */
  const leads = (): number[] => {
    let end = 0;
    return output.writes.map((w) => {
      end = Math.max(end, w.at) + (w.pcm.length / 2 / RATE) * 1000;
      return end - w.at;
    });
  };
  return { clock, output, buffer, events, leads };
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
    expect(buffer.stats().maxLeadMs).toBeLessThanOrEqual(leadMs + 1e-9);
    const audio = output.writes.filter((w) => !isSilence(w.pcm)).reduce((n, w) => n + w.pcm.length, 0);
    expect(audio).toBe(pcmBytesFor(1400, RATE));
  });

  it('writes at once (not held) when the device has room, and reports held writes otherwise', () => {
    const { buffer, events, clock } = setup();
    buffer.enqueue(ms(40));
    expect(events).toEqual([{ bytes: pcmBytesFor(40, RATE), enqueuedAt: 0, writtenAt: 0, held: false }]);
    buffer.enqueue(ms(200)); // 110 ms fits now, 90 ms must wait
    expect(events[1]).toMatchObject({ bytes: pcmBytesFor(110, RATE), held: false });
    clock.advance(20);
    expect(events[2]).toMatchObject({ bytes: pcmBytesFor(20, RATE), enqueuedAt: 0, writtenAt: 20, held: true });
  });

  it('keeps playing order and content', () => {
    const { buffer, output, clock } = setup({ underrun: 'stop' });
    const parts = [1, 2, 3].map((v) => Buffer.alloc(pcmBytesFor(90, RATE), v));
    for (const part of parts) buffer.enqueue(part);
    clock.advance(400);
    expect(output.bytes).toEqual(Buffer.concat(parts));
  });
});

describe('PlaybackBuffer flush (barge-in)', () => {
  it('empties the queue at once and reports what the device still holds (≤ lead)', () => {
    const { buffer, clock, output } = setup();
    buffer.enqueue(ms(2000));
    clock.advance(500);
    const before = output.writes.length;
    const report = buffer.flush();
    expect(report.inDeviceMs).toBeGreaterThan(0);
    expect(report.inDeviceMs).toBeLessThanOrEqual(150);
    expect(report.heardMs).toBeCloseTo(500, 5);
    expect(report.writtenMs).toBeCloseTo(500 + report.inDeviceMs, 5);
    expect(report.droppedMs).toBeCloseTo(2000 - report.writtenMs, 5);
    expect(report.receivedMs).toBe(2000);
    expect(buffer.turn().queuedMs).toBe(0);
    clock.advance(1000);
    expect(output.writes.length).toBe(before); // nothing more reaches the device
    expect(buffer.isPlaying()).toBe(false);
  });

  it('starts a new turn with fresh accounting after a flush', () => {
    const { buffer, clock } = setup();
    buffer.enqueue(ms(300));
    clock.advance(100);
    buffer.flush();
    clock.advance(200);
    buffer.enqueue(ms(60));
    expect(buffer.turn()).toMatchObject({ receivedMs: 60, writtenMs: 60, playedMs: 0 });
    clock.advance(30);
    expect(buffer.turn().playedMs).toBeCloseTo(30, 5);
  });
});

describe('PlaybackBuffer underrun', () => {
  it('fills gaps inside an open turn with a little silence, counted once per gap, capped', () => {
    const { buffer, clock, output } = setup({ maxSilenceMs: 300 });
    buffer.enqueue(ms(60));
    clock.advance(200); // network stall
    const silent = output.writes.filter((w) => isSilence(w.pcm));
    expect(silent.length).toBeGreaterThan(0);
    expect(buffer.stats().underruns).toBe(1);
    // the device never held more than ~2 ticks of silence, so new audio is not delayed much
    const before = buffer.stats().silenceMs;
    buffer.enqueue(ms(20));
    const last = output.writes.at(-1)!;
    expect(isSilence(last.pcm)).toBe(false);
    expect(last.at - output.writes.at(-2)!.at).toBeLessThanOrEqual(20);
    clock.advance(2000);
    expect(buffer.stats().underruns).toBe(2);
    expect(buffer.stats().silenceMs - before).toBeGreaterThanOrEqual(300);
    expect(buffer.stats().silenceMs - before).toBeLessThanOrEqual(300 + 40);
    expect(clock.pending).toBe(0); // stopped ticking once the cap was reached and the device ran dry
  });

  it('stops feeding after endTurn(), and in "stop" mode never writes silence', () => {
    for (const underrun of ['silence', 'stop'] as const) {
      const { buffer, clock, output } = setup({ underrun });
      buffer.enqueue(ms(100));
      if (underrun === 'silence') buffer.endTurn();
      clock.advance(1000);
      expect(output.writes.filter((w) => isSilence(w.pcm))).toEqual([]);
      expect(clock.pending).toBe(0);
    }
  });
});

describe('PlaybackBuffer half-duplex and turn accounting', () => {
  it('knows until when model audio plays, including what is still queued', () => {
    const { buffer, clock } = setup();
    buffer.enqueue(ms(400));
    expect(buffer.playingUntil()).toBeCloseTo(400, 5);
    clock.advance(300);
    expect(buffer.isPlaying()).toBe(true);
    buffer.endTurn();
    clock.advance(100);
    expect(buffer.isPlaying()).toBe(false);
    expect(buffer.isPlaying(200)).toBe(true); // within the tail
    clock.advance(200);
    expect(buffer.isPlaying(200)).toBe(false);
  });

  it('tracks played audio per turn, excluding silence fill', () => {
    const { buffer, clock } = setup();
    buffer.enqueue(ms(100));
    clock.advance(50);
    expect(buffer.turn()).toMatchObject({ receivedMs: 100, writtenMs: 100, playedMs: 50, queuedMs: 0 });
    clock.advance(150); // 100 ms of silence fill happened in between
    buffer.enqueue(ms(100));
    clock.advance(500);
    expect(buffer.turn().playedMs).toBeCloseTo(200, 5);
    expect(buffer.turn().receivedMs).toBe(200);
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
