// The one "did you mean …?" rule (src/suggest.ts) and the unknown-name errors that go through it:
// --config keys, --lock fields, flag values, and commander's own unknown options, commands and choices.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { commanderSuggestion } from '../../src/cli.js';
import { resolveApiVersion } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import { choicesNote, didYouMean, editDistance, nearestName } from '../../src/suggest.js';
import { lockPath } from '../../src/token/config/field-mask.js';
import { ALLOWED_CONFIG_KEYS, validateLiveConnectConfig } from '../../src/token/config/live-config.js';

function thrown(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('editDistance', () => {
  it.each([
    ['model', 'model', 0],
    ['modle', 'model', 1],
    ['Model', 'model', 0],
    ['systemInstrution', 'systemInstruction', 1],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s = %i', (a, b, distance) => expect(editDistance(a, b)).toBe(distance));
});

describe('nearestName', () => {
  const keys = ALLOWED_CONFIG_KEYS;
  it.each([
    ['systemInstrution', 'systemInstruction'],
    ['system_instruction', 'systemInstruction'],
    ['temprature', 'temperature'],
    ['responseModality', 'responseModalities'],
    ['tool', 'tools'],
  ])('%s → %s', (typed, near) => expect(nearestName(typed, keys)).toBe(near));

  it('nothing for a name near none, a short name, or a part of two names', () => {
    expect(nearestName('frobnicate', keys)).toBeUndefined();
    expect(nearestName('v2', ['v1', 'v1beta', 'v1alpha'])).toBe('v1');
    expect(nearestName('x', ['ab', 'cd'])).toBeUndefined();
    expect(nearestName('thinking', ['thinkingBudget', 'thinkingLevel'])).toBeUndefined();
    expect(nearestName('budget', ['thinkingBudget', 'thinkingLevel'])).toBe('thinkingBudget');
  });

  it('choicesNote: the suggestion, else the list under its label', () => {
    expect(choicesNote('systemInstrution', keys)).toBe('did you mean systemInstruction?');
    expect(choicesNote(['temprature', 'tolls'], keys)).toBe('did you mean temperature, tools?');
    expect(choicesNote(['temprature', 'frobnicate'], ['temperature', 'tools'], 'allowed')).toBe(
      'allowed: temperature, tools',
    );
    expect(didYouMean('jsn', ['json', 'name'])).toBe('did you mean json?');
    expect(didYouMean('xml', ['json', 'name'])).toBeUndefined();
  });
});

describe('unknown names in the CLI', () => {
  it('a --config typo suggests the key instead of listing all of them', () => {
    const error = thrown(() => validateLiveConnectConfig({ systemInstrution: 'be brief' }, '--config'));
    expect(error.message).toBe("--config has unknown key 'systemInstrution'");
    expect(error.hint).toBe('did you mean systemInstruction?');
    // Near no key: the list, as before.
    expect(thrown(() => validateLiveConnectConfig({ frobnicate: 1 }, '--config')).hint).toMatch(
      /^allowed: generationConfig, responseModalities, /,
    );
  });

  it('--lock and flag values', () => {
    expect(thrown(() => lockPath('temprature')).hint).toBe('did you mean temperature?');
    expect(thrown(() => resolveApiVersion('v1bta')).hint).toBe('did you mean v1beta?');
  });

  it("commander's unknown option, command and choice get the same suggestion", () => {
    const program = buildProgram(async () => undefined);
    const mint = program.commands.find((c) => c.name() === 'mint')!;
    expect(commanderSuggestion("unknown option '--modle'", mint)).toBe('did you mean --model?');
    expect(commanderSuggestion("unknown option '--zzzzzz'", mint)).toBeUndefined();
    expect(commanderSuggestion("unknown command 'mnt'", program)).toBe('did you mean mint?');
    expect(
      commanderSuggestion(
        "command-argument value 'bsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
        program,
      ),
    ).toBe('did you mean bash?');
  });
});
