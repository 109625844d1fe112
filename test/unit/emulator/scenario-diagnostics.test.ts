// A scenario mistake is seen at once: a mismatch names what the turn expected and what came (text
// quoted, its first 80 characters, printable), and a turn's wait for a toolResponse is bounded by
// `toolResponseTimeoutMs` (checked: only with a toolCall, at least 1 ms).
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import { describeInput, QUOTED_CHARS, ScenarioPlayer } from '../../../src/emulator/scenario/player.js';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import type { Conversation } from '../../../src/emulator/live/conversations.js';

const conversation = {} as Conversation;
const script = (turns: unknown[]) => new ScenarioPlayer(parseScenario({ turns }, 'story.yaml'));

describe('scenario mismatches name what was expected and what came', () => {
  it('text against a text pattern, text against audio, audio against text', () => {
    expect(
      script([{ expect: { text: 'weather' } }]).next(conversation, { kind: 'text', text: 'what is the time' }),
    ).toEqual({
      ok: false,
      reason: 'scenario story.yaml: turn 0 expected text "weather", got text "what is the time"',
    });
    expect(script([{ expect: { audioMs: [100, 900] } }]).next(conversation, { kind: 'text', text: 'hi' })).toEqual({
      ok: false,
      reason: 'scenario story.yaml: turn 0 expected audio 100-900 ms, got text "hi"',
    });
    expect(script([{ expect: { text: 'hi' } }]).next(conversation, { kind: 'speech', speechMs: 1200 })).toEqual({
      ok: false,
      reason: 'scenario story.yaml: turn 0 expected text "hi", got 1200 ms of audio',
    });
  });

  it('quotes the first 80 characters (code points), marks the cut, and drops escape sequences and controls', () => {
    const long = '🙂'.repeat(QUOTED_CHARS + 5);
    expect(describeInput({ kind: 'text', text: long })).toBe(`text "${'🙂'.repeat(QUOTED_CHARS)}"…`);
    expect(describeInput({ kind: 'text', text: 'a\x1b[31mred\x1b]0;title\x07\nline\u202eb"' })).toBe(
      'text "ared line b\\""',
    );
  });
});

describe('toolResponseTimeoutMs', () => {
  const turn = (model: object) => parseScenario({ turns: [{ model }] }, 'story.yaml').turns[0]!.model;

  it('is read with a toolCall', () => {
    expect(turn({ toolCall: { name: 'get_time' }, toolResponseTimeoutMs: 500 }).toolResponseTimeoutMs).toBe(500);
    expect(turn({ toolCall: { name: 'get_time' } }).toolResponseTimeoutMs).toBeUndefined();
  });

  it('is refused without a toolCall, at 0 or past a day, naming the path', () => {
    expect(() => turn({ reply: 'hi', toolResponseTimeoutMs: 500 })).toThrow(
      new EmulatorOptionError(
        '--scenario story.yaml: turns[0].model.toolResponseTimeoutMs: only with a toolCall (it bounds the wait for its toolResponse)',
      ),
    );
    expect(() => turn({ toolCall: { name: 'f' }, toolResponseTimeoutMs: 0 })).toThrow(/at least 1 millisecond/);
    expect(() => turn({ toolCall: { name: 'f' }, toolResponseTimeoutMs: 86_400_001 })).toThrow(/0 to 86400000/);
  });
});
