// A scenario turn can require video frames: `expect: {frames: ">=1"}`, alone or beside text/audioMs,
// counted since the previous user turn ended; a mismatch names both sides.
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import type { Conversation } from '../../../src/emulator/live/conversations.js';
import { parseYaml } from '../../../src/emulator/scenario/load.js';
import { ScenarioPlayer } from '../../../src/emulator/scenario/player.js';
import { frameCount, parseScenario } from '../../../src/emulator/scenario/schema.js';

describe('frameCount', () => {
  it.each([
    [3, [3], [2, 4]],
    ['3', [3], [0, 4]],
    ['=2', [2], [1]],
    ['>2', [3, 10], [2]],
    ['>=1', [1, 5], [0]],
    [' <= 4 ', [0, 4], [5]],
    ['<5', [4], [5]],
  ])('%j holds for %j, not for %j', (written, yes, no) => {
    const rule = frameCount(written)!;
    for (const n of yes) expect(rule.test(n)).toBe(true);
    for (const n of no) expect(rule.test(n)).toBe(false);
  });

  it.each([['>= -1'], ['many'], [1.5], [-1], [null], ['=>1'], ['1234567']])('%j is not a count', (written) => {
    expect(frameCount(written)).toBeUndefined();
  });
});

describe('scenario expect frames', () => {
  it('reads from YAML, a comparison quoted (a bare > starts a folded block there)', async () => {
    const yaml = 'turns:\n  - expect: { text: look, frames: ">=1" }\n  - expect:\n      frames: 2\n';
    const scenario = parseScenario(await parseYaml(yaml, 's.yaml'), 's.yaml');
    expect(scenario.turns.map((turn) => turn.expect.frames?.source)).toEqual(['>=1', '2']);
  });

  it('names the bad path', () => {
    expect(() => parseScenario({ turns: [{ expect: { frames: 'some' } }] }, 's.json')).toThrow(
      new EmulatorOptionError(
        '--scenario s.json: turns[0].expect.frames: expected a count of frames: 3, "3", ">2", ">=1", "<=4" or "<5"',
      ),
    );
    expect(() => parseScenario({ turns: [{ expect: { frames: 1, colour: 'red' } }] }, 's.json')).toThrow(
      /turns\[0\]\.expect\.colour: unknown field/,
    );
  });

  it('checks frames alone or beside text and audio, and a mismatch says what came on both sides', () => {
    const player = new ScenarioPlayer(
      parseScenario(
        {
          turns: [
            { expect: { frames: '>=1' } },
            { expect: { text: 'what', frames: 2 } },
            { expect: { audioMs: [100, 900], frames: '<=1' } },
            { expect: { text: 'plain' } },
          ],
        },
        's.json',
      ),
    );
    const one = {} as Conversation;
    expect(player.next(one, { kind: 'text', text: 'hi' }, 0)).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 0 expected frames >=1, got text "hi" with 0 frames',
    });
    expect(player.next(one, { kind: 'text', text: 'hi' }, 1)).toMatchObject({ ok: true, index: 0 });
    expect(player.next(one, { kind: 'text', text: 'what now' }, 1)).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 1 expected text "what" with frames 2, got text "what now" with 1 frame',
    });
    expect(player.next(one, { kind: 'text', text: 'what now' }, 2)).toMatchObject({ ok: true, index: 1 });
    expect(player.next(one, { kind: 'speech', speechMs: 500 }, 3)).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 2 expected audio 100-900 ms with frames <=1, got 500 ms of audio with 3 frames',
    });
    expect(player.next(one, { kind: 'speech', speechMs: 500 }, 0)).toMatchObject({ ok: true, index: 2 });
    // A turn that does not ask about frames ignores them, and its reason stays as it always was.
    expect(player.next(one, { kind: 'text', text: 'other' }, 5)).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 3 expected text "plain", got text "other"',
    });
    expect(player.next(one, { kind: 'text', text: 'plain' }, 5)).toMatchObject({ ok: true, index: 3 });
  });
});
