// The --scenario schema: every bad value is named by its path; matching and positions.
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import type { Conversation } from '../../../src/emulator/live/conversations.js';
import { ScenarioPlayer } from '../../../src/emulator/scenario/player.js';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';

const bad = (value: unknown): string => {
  try {
    parseScenario(value, 's.json');
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorOptionError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseScenario', () => {
  it.each([
    [[], '--scenario s.json: (top level): expected an object with "turns"'],
    [{ turns: 'x' }, '--scenario s.json: turns: expected a non-empty array'],
    [{ turns: [1] }, '--scenario s.json: turns[0]: expected an object'],
    [
      { turns: [{}, {}, { model: { toolCall: { name: 3 } } }] },
      '--scenario s.json: turns[2].model.toolCall.name: expected a string',
    ],
    [
      { turns: [{ model: { toolCall: { name: 'f', args: [] } } }] },
      '--scenario s.json: turns[0].model.toolCall.args: expected an object',
    ],
    [{ turns: [{ expect: { text: '/(/' } }] }, '--scenario s.json: turns[0].expect.text: invalid regular expression'],
    [
      { turns: [{ expect: { audioMs: [1] } }] },
      '--scenario s.json: turns[0].expect.audioMs: expected [min, max] in milliseconds',
    ],
    [
      { turns: [{ expect: { audioMs: [1, -2] } }] },
      '--scenario s.json: turns[0].expect.audioMs[1]: expected a whole number',
    ],
    [{ turns: [{ expect: 'something' }] }, '--scenario s.json: turns[0].expect: expected "anything"'],
    [
      { turns: [{ model: { goAwayAfterMs: 1.5 } }] },
      '--scenario s.json: turns[0].model.goAwayAfterMs: expected a whole number',
    ],
    [
      { turns: [{ model: { close: { code: 1005 } } }] },
      '--scenario s.json: turns[0].model.close.code: expected a close code a server may send',
    ],
    [
      { turns: [{ model: { close: { code: 1000, reason: 'x'.repeat(124) } } }] },
      '--scenario s.json: turns[0].model.close.reason: longer than the 123 bytes',
    ],
    [{ turns: [{ model: { reply: 'a' } }], extra: 1 }, '--scenario s.json: (top level).extra: unknown field'],
    [
      { connection: 600000, turns: [{}] },
      '--scenario s.json: connection: expected {"lifetimeMs": …, "goAwayLeadMs": …}',
    ],
    [
      { connection: { lifetimeMs: 50 }, turns: [{}] },
      '--scenario s.json: connection.lifetimeMs: expected at least 100 ms',
    ],
    [
      { connection: { lifetimeMs: 1000, goAwayLeadMs: 1000 }, turns: [{}] },
      '--scenario s.json: connection.goAwayLeadMs: must be shorter than lifetimeMs',
    ],
    [
      { connection: { lifetimeMs: 1000, close: { code: 1006 } }, turns: [{}] },
      '--scenario s.json: connection.close.code: expected a close code a server may send',
    ],
    [
      { connection: { lifetime: 1000 }, turns: [{}] },
      '--scenario s.json: connection.lifetime: unknown field (did you mean lifetimeMs?)',
    ],
    [
      { connection: { xyz: 1000 }, turns: [{}] },
      '--scenario s.json: connection.xyz: unknown field (expected one of: lifetimeMs, goAwayLeadMs, close)',
    ],
  ])('%j → %s', (value, message) => {
    expect(bad(value)).toContain(message);
  });

  it('accepts the full schema', () => {
    const scenario = parseScenario(
      {
        description: 'all fields',
        turns: [
          { expect: { text: 'hi' }, model: { reply: 'Hello.', firstChunkDelayMs: 300 } },
          {
            expect: { audioMs: [500, 1500] },
            model: { toolCall: { name: 'get_weather', args: { city: 'Paris' } }, reply: 'Sunny.' },
          },
          {
            model: {
              reply: 'A long one.',
              interruptAfterMs: 100,
              goAwayAfterMs: 50,
              close: { code: 1000, reason: 'done' },
            },
          },
        ],
      },
      's.json',
    );
    expect(scenario.turns.map((t) => t.expect.kind)).toEqual(['text', 'audio', 'anything']);
    expect(scenario.turns[1]!.model.toolCall).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
    expect(scenario.connection).toBeUndefined();
  });

  it("accepts a connection block (every connection's lifetime, its goAway lead and its closing code)", () => {
    const connection = {
      lifetimeMs: 600_000,
      goAwayLeadMs: 50_000,
      close: { code: 1011, reason: 'Deadline expired before operation could complete.' },
    };
    expect(parseScenario({ connection, turns: [{}] }, 's.json').connection).toEqual(connection);
    expect(parseScenario({ connection: { lifetimeMs: 2000 }, turns: [{}] }, 's.json').connection).toEqual({
      lifetimeMs: 2000,
    });
  });
});

describe('ScenarioPlayer', () => {
  const scenario = parseScenario(
    { turns: [{ expect: { text: 'Weather' } }, { expect: { text: '/^bye$/' } }, { expect: { audioMs: [500, 900] } }] },
    's.json',
  );
  it('matches substrings case-insensitively and /regex/ as written, advances per conversation, and says what it expected', () => {
    const player = new ScenarioPlayer(scenario);
    const one = {} as Conversation;
    const two = {} as Conversation;
    expect(player.next(one, { kind: 'text', text: 'the weather?' })).toMatchObject({ ok: true, index: 0 });
    expect(player.next(two, { kind: 'text', text: 'hello' })).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 0 expected text "Weather", got text "hello"',
    });
    expect(player.next(one, { kind: 'text', text: 'Bye' })).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 1 expected text "/^bye$/", got text "Bye"',
    });
    expect(player.next(one, { kind: 'text', text: 'bye' })).toMatchObject({ ok: true, index: 1 });
    expect(player.next(one, { kind: 'speech', speechMs: 1000 })).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 2 expected audio 500-900 ms, got 1000 ms of audio',
    });
    expect(player.next(one, { kind: 'speech', speechMs: 900 })).toMatchObject({ ok: true, index: 2 });
    expect(player.next(one, { kind: 'text', text: 'more' })).toEqual({
      ok: false,
      reason: 'scenario s.json: turn 3 is past the end (3 turns)',
    });
  });
});
