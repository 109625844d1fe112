// A server that streams text without ever completing the turn must not grow talk's
// memory with it. Each side of a turn keeps MAX_TURN_TEXT characters, then a mark; the rest is dropped
// and the session ends (exit 5).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TURN_TEXT, TurnTracker } from '../../../src/live/session/turn-tracker.js';

describe('TurnTracker text cap', () => {
  it('keeps the first MAX_TURN_TEXT characters of a side, marks the cut once, and drops the rest', () => {
    const tracker = new TurnTracker();
    const piece = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 100; i += 1) tracker.model(piece); // 6.4 M characters sent
    expect(tracker.modelText.length).toBe(MAX_TURN_TEXT + ' […]'.length);
    expect(tracker.modelText.endsWith(' […]')).toBe(true);
    expect(tracker.overflowed).toBe(true); // the session ends on it (conversation.ts)
    const turn = tracker.complete();
    expect(turn?.model.length).toBeLessThanOrEqual(MAX_TURN_TEXT + 4);
    // The next turn starts empty again.
    tracker.model('hello');
    expect(tracker.modelText).toBe('hello');
  });

  it('is exactly the concatenation while under the cap, for any pieces (generated)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 40 }), (pieces) => {
        const tracker = new TurnTracker();
        for (const piece of pieces) tracker.user(piece);
        tracker.model('m');
        expect(tracker.overflowed).toBe(false);
        const turn = tracker.complete();
        expect(turn?.user ?? '').toBe(pieces.join('').trim());
      }),
      { seed: 19_003, numRuns: 200 },
    );
  });
});

describe('TurnTracker frames', () => {
  it('a picture counts for the user turn it belongs to; one sent while the model answers, for the next', () => {
    const turn = new TurnTracker();
    turn.frame();
    turn.user('what is this?');
    turn.frame();
    turn.model('A test card.');
    turn.frame();
    expect(turn.complete()).toMatchObject({ turn: 1, frames: 2 });
    turn.user('and now?');
    expect(turn.complete()).toMatchObject({ turn: 2, frames: 1 });
    turn.user('and without one?');
    expect(turn.complete()).not.toHaveProperty('frames');
  });
});
