// What a handler printed → the functionResponse (the convention README "Function calling" documents).
import { describe, expect, it } from 'vitest';
import { outcomeFromText } from '../../../src/live/session/tool-outcome.js';
import { outcomeOf } from '../../../src/commands/talk/tool-command.js';
import { formatTool } from '../../../src/terminal/transcript-view.js';

describe('outcomeFromText', () => {
  it.each([
    ['an object is the response', '{"temp":3}\n', { response: { temp: 3 } }],
    ['another value is wrapped as output', '"sunny"', { response: { output: 'sunny' } }],
    ['an array too', '[1,2]', { response: { output: [1, 2] } }],
    [
      'scheduling is lifted out',
      '{"result":"done","scheduling":"WHEN_IDLE"}',
      { response: { result: 'done' }, scheduling: 'WHEN_IDLE' },
    ],
    ['INTERRUPT', '{"scheduling":"INTERRUPT","x":1}', { response: { x: 1 }, scheduling: 'INTERRUPT' }],
    ['SILENT', '{"scheduling":"SILENT"}', { response: {}, scheduling: 'SILENT' }],
    [
      'a bad scheduling is an error answer',
      '{"scheduling":"LATER"}',
      {
        response: { error: 'h printed scheduling "LATER"; expected one of INTERRUPT, WHEN_IDLE, SILENT' },
        error: true,
      },
    ],
    ['invalid JSON', '{oops', { response: { error: 'h printed invalid JSON' }, error: true }],
    [
      'nested 50,000 levels deep (sent on, JSON.stringify would overflow)',
      `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      { response: { error: 'h printed JSON nested deeper than 100 levels' }, error: true },
    ],
    ['two values are not one', '{"a":1}\n{"b":2}', { response: { error: 'h printed invalid JSON' }, error: true }],
    ['nothing', '  \n', { response: { error: 'h printed nothing' }, error: true }],
  ])('%s', (_name, text, outcome) => {
    expect(outcomeFromText(text, 'h')).toEqual(outcome);
  });
});

describe('outcomeOf (how --tool-command ended)', () => {
  it.each([
    [{ kind: 'exit' as const, code: 0, signal: null, stdout: '{"a":1}', truncated: false }, { response: { a: 1 } }],
    [
      { kind: 'exit' as const, code: 3, signal: null, stdout: '{"a":1}', truncated: false },
      { response: { error: 'the tool handler failed (exit 3)' }, error: true },
    ],
    [
      { kind: 'exit' as const, code: null, signal: 'SIGTERM' as const, stdout: '', truncated: false },
      { response: { error: 'the tool handler failed (killed by SIGTERM)' }, error: true },
    ],
    [
      { kind: 'exit' as const, code: 0, signal: null, stdout: '{"a":', truncated: true },
      { response: { error: 'the tool handler printed more than 1024 KiB' }, error: true },
    ],
    [{ kind: 'timeout' as const }, { response: { error: 'the tool handler did not finish within 10 s' }, error: true }],
    [
      { kind: 'spawn-error' as const, message: 'EACCES' },
      { response: { error: 'the tool handler could not be started: EACCES' }, error: true },
    ],
  ])('%j', (result, outcome) => {
    expect(outcomeOf(result, 10_000)).toEqual(outcome);
  });
});

describe('formatTool', () => {
  it("the issue's line", () => {
    expect(formatTool('get_weather', { city: 'Oslo' }, { response: { temp: 3 } }, 120.4)).toBe(
      '[tool get_weather({"city":"Oslo"}) → {"temp":3} 120 ms]',
    );
  });
  it('a cancelled call', () => {
    expect(formatTool('get_time', undefined, 'cancelled', 80)).toBe('[tool get_time({}) cancelled after 80 ms]');
  });
  it('a name and arguments from a hostile server: no control sequence reaches the terminal, the JSON keeps them escaped', () => {
    const line = formatTool(
      'get\u001b]0;pwned\u0007_time\u202e\u009b2J',
      { q: '\u001b[2J\u009b\u202e' },
      { response: { r: '\u2028' } },
      5,
    );
    expect(line).toBe('[tool get_time({"q":"\\u001b[2J\\u009b\\u202e"}) → {"r":"\\u2028"} 5 ms]');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2028\u2029]/);
  });
});
