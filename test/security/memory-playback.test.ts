// Under a flood of model audio (a hostile or broken server sending 20× real time)
// the playback queue stays bounded: the OLDEST audio beyond 10 s is dropped, and the drop is counted
// in the `closed` event (what --events prints last).

import { describe, expect, it } from 'vitest';
import { PlaybackBuffer } from '../../src/audio/playback/playback-buffer.js';
import { MAX_QUEUED_MS } from '../../src/audio/playback/playback-buffer.js';
import { InterruptedError } from '../../src/errors.js';
import type { TalkEvent } from '../../src/live/session/events.js';
import { FakeAudioOutput } from '../fakes/fake-audio.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { connected, modelAudioMessage, sessionRig } from '../helpers/session-rig.js';

const RATE = 24_000;
const SECOND = RATE * 2; // bytes of s16le mono per second

/** One second of audio whose every byte is `tag`, so where each second ended up can be read back. */
const second = (tag: number): Buffer => Buffer.alloc(SECOND, tag);

describe('playback queue under a 20× real-time flood', () => {
  it('keeps at most 10 s queued, dropping the oldest audio, and counts what it dropped', async () => {
    const clock = new FakeClock();
    const output = new FakeAudioOutput(clock);
    const buffer = new PlaybackBuffer({ output, clock });
    for (let s = 1; s <= 60; s++) {
      buffer.enqueue(second(s));
      await clock.advanceAsync(50); // 1 s of audio every 50 ms: 20× real time
    }
    expect(buffer.overflowDroppedMs).toBeGreaterThan(45_000);
    expect(buffer.overflowDroppedMs).toBeLessThan(50_000);
    await clock.advanceAsync(MAX_QUEUED_MS + 1_000); // play out what was kept
    const played = new Map<number, number>();
    for (const b of output.bytes) played.set(b, (played.get(b) ?? 0) + 1);
    // Kept: the newest 10 s, whole; of the middle of the flood only the slice that was playing.
    for (let s = 52; s <= 60; s++) expect(played.get(s)).toBe(SECOND);
    expect(played.get(30) ?? 0).toBeLessThan(SECOND / 4);
    buffer.close();
  });

  it('the closed event (--events) carries playbackDroppedMs', async () => {
    const clock = new FakeClock();
    const playback = new PlaybackBuffer({ output: new FakeAudioOutput(clock), clock });
    const r = sessionRig({
      clock,
      deps: { playback },
      session: { speaker: true, liveInput: true },
      setup: { transcription: false, compress: false },
    });
    const connection = await connected(r);
    for (let s = 1; s <= 30; s++) connection.serverSend(modelAudioMessage(second(s)));
    r.controller.abort(new InterruptedError());
    expect(await r.done).toBeInstanceOf(InterruptedError);
    const closed = r.events.at(-1) as Extract<TalkEvent, { type: 'closed' }>;
    expect(closed.type).toBe('closed');
    expect(closed.playbackDroppedMs).toBeGreaterThanOrEqual(30_000 - MAX_QUEUED_MS - 200);
    expect(closed.playbackDroppedMs).toBeLessThanOrEqual(30_000 - MAX_QUEUED_MS);
  });
});
