// A model turn on a hand-driven clock: one step per 40 ms, exact message sequences, and output
// counters that count only frames that went out (a frame dropped because the socket is closing,
// e.g. a reconnect after goAway, is not "sent" audio).
import { describe, expect, it } from 'vitest';
import {
  ModelTurn,
  type ModelTurnOptions,
  type TurnOutcome,
  type TurnStats,
} from '../../../src/emulator/live/model-turn.js';
import { CHUNK_BYTES, OUTPUT_MIME, toneChunk, toneStep } from '../../../src/emulator/live/voice.js';
import type { EmulatorClock } from '../../../src/emulator/clock.js';
import { FakeClock } from '../../fakes/fake-clock.js';

type Message = Readonly<Record<string, unknown>>;

/** A turn of "one two" (2 words × 5 audio steps); `clock` is the one the test drives. */
function turn(options: Partial<ModelTurnOptions> = {}, clock = new FakeClock()) {
  const sent: Message[] = [];
  const done: Array<[TurnOutcome, TurnStats]> = [];
  const failures: unknown[] = [];
  const model = new ModelTurn({
    clock,
    text: 'one two',
    modality: 'AUDIO',
    outputTranscription: true,
    send: (message) => void sent.push(message),
    done: (outcome, stats) => void done.push([outcome, stats]),
    fail: (error) => void failures.push(error),
    ...options,
  });
  return { clock, sent, done, failures, model };
}

const audio = (word: string): Message => ({
  serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: OUTPUT_MIME, data: toneChunk(toneStep(word)) } }] } },
});
const transcript = (text: string): Message => ({ serverContent: { outputTranscription: { text } } });
const text = (word: string): Message => ({ serverContent: { modelTurn: { parts: [{ text: word }] } } });
const spoken = (word: string, fragment = word): Message[] => [
  transcript(fragment),
  ...Array.from({ length: 5 }, () => audio(word)),
];

describe('ModelTurn', () => {
  it('sends the first step at once, then one step every 40 ms, and completes after the last', () => {
    const t = turn();
    t.model.start();
    expect(t.sent).toEqual([transcript('one'), audio('one')]);
    t.clock.advance(39);
    expect(t.sent).toHaveLength(2);
    t.clock.advance(1);
    expect(t.sent).toEqual([transcript('one'), audio('one'), audio('one')]);
    t.clock.advance(8 * 40);
    expect(t.sent).toEqual([...spoken('one'), ...spoken('two', ' two')]);
    expect(t.done).toEqual([['complete', { stepsSent: 10, totalSteps: 10, audioBytesSent: 10 * CHUNK_BYTES }]]);
    expect(t.model.active).toBe(false);
    expect(t.clock.pending).toBe(0);
  });

  it('a late timer catches up: every step due by then goes out in that one tick', () => {
    const base = new FakeClock();
    const late: EmulatorClock = {
      now: () => base.now(),
      monotonic: () => base.monotonic(),
      setTimeout: (fn, ms) => base.setTimeout(fn, ms + 100),
      setInterval: (fn, ms) => base.setInterval(fn, ms + 100),
    };
    const t = turn({ clock: late }, base);
    t.model.start();
    base.advance(139);
    expect(t.sent).toEqual([transcript('one'), audio('one')]);
    base.advance(1);
    expect(t.sent).toEqual([transcript('one'), ...Array.from({ length: 4 }, () => audio('one'))]);
  });

  it('streams one text part per word in TEXT modality, without transcription', () => {
    const t = turn({ modality: 'TEXT', text: 'Turn 1. You said: hi' });
    t.model.start();
    t.clock.advance(4 * 40);
    expect(t.sent).toEqual([text('Turn'), text(' 1.'), text(' You'), text(' said:'), text(' hi')]);
    expect(t.done).toEqual([['complete', { stepsSent: 5, totalSteps: 5, audioBytesSent: 0 }]]);
  });

  it('counts audio bytes only for frames the session actually sent', () => {
    let audioFrames = 0;
    const t = turn({
      outputTranscription: false,
      // The socket "closes" after three audio frames: every later send is refused.
      send: (message) => {
        const parts = (message as { serverContent?: { modelTurn?: { parts?: Array<{ inlineData?: unknown }> } } })
          .serverContent?.modelTurn?.parts;
        if (!parts?.some((p) => p.inlineData)) return true;
        audioFrames += 1;
        return audioFrames <= 3;
      },
    });
    t.model.start();
    t.clock.advance(9 * 40);
    expect(audioFrames).toBe(10);
    expect(t.done).toEqual([['complete', { stepsSent: 10, totalSteps: 10, audioBytesSent: 3 * CHUNK_BYTES }]]);
  });

  it('the drop fault sends the first half of the steps, then ends with dropped', () => {
    const t = turn({ dropHalfway: true });
    t.model.start();
    t.clock.advance(10 * 40);
    expect(t.sent).toEqual(spoken('one'));
    expect(t.done).toEqual([['dropped', { stepsSent: 5, totalSteps: 10, audioBytesSent: 5 * CHUNK_BYTES }]]);
    expect(t.clock.pending).toBe(0);
  });

  it('stop() ends the turn at once: no further step, its timer cancelled, done reported once', () => {
    const t = turn();
    t.model.start();
    t.clock.advance(2 * 40);
    t.model.stop('interrupted');
    t.model.stop('cancelled');
    expect(t.clock.pending).toBe(0);
    t.clock.advance(1000);
    expect(t.sent).toEqual([transcript('one'), audio('one'), audio('one'), audio('one')]);
    expect(t.done).toEqual([['interrupted', { stepsSent: 3, totalSteps: 10, audioBytesSent: 3 * CHUNK_BYTES }]]);
  });

  it('an error thrown by send in a timer goes to fail(), and the turn ends cancelled', () => {
    const boom = new Error('socket gone');
    let calls = 0;
    const t = turn({
      send: () => {
        calls += 1;
        if (calls > 2) throw boom;
      },
    });
    t.model.start();
    t.clock.advance(40);
    expect(t.failures).toEqual([boom]);
    expect(t.done).toEqual([['cancelled', { stepsSent: 2, totalSteps: 10, audioBytesSent: CHUNK_BYTES }]]);
    expect(t.clock.pending).toBe(0);
  });
});
