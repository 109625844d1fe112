// The emulator's output counters must count only frames that went out: a frame dropped because
// the socket is closing (e.g. a reconnect after goAway) is not "sent" audio.
import { expect, it } from 'vitest';
import { ModelTurn, type TurnStats } from '../../../src/emulator/live/model-turn.js';
import { CHUNK_BYTES } from '../../../src/emulator/live/voice.js';

it('counts audio bytes only for frames the session actually sent', async () => {
  let audioFrames = 0;
  const stats = await new Promise<TurnStats>((resolve, reject) => {
    const turn = new ModelTurn({
      text: 'one two',
      modality: 'AUDIO',
      outputTranscription: false,
      // The socket "closes" after three audio frames: every later send is refused.
      send: (message) => {
        const parts = (message as { serverContent?: { modelTurn?: { parts?: Array<{ inlineData?: unknown }> } } }).serverContent?.modelTurn?.parts;
        if (!parts?.some((p) => p.inlineData)) return true;
        audioFrames += 1;
        return audioFrames <= 3;
      },
      done: (_outcome, turnStats) => resolve(turnStats),
      fail: reject,
    });
    turn.start();
  });
  expect(audioFrames).toBeGreaterThan(3);
  expect(stats.audioBytesSent).toBe(3 * CHUNK_BYTES);
});
