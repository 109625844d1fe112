// Commander's options record read once into typed flags (commands/host.ts), and talk's spec checked
// against the flags its command declares, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli.js';
import { readFlags } from '../../../src/commands/host.js';
import { TALK_FLAGS } from '../../../src/commands/talk/options.js';

describe('readFlags', () => {
  const spec = { model: 'string', once: 'boolean', passEnv: 'strings' } as const;

  it('takes the flags the spec names, with their kinds, and leaves unset and unnamed ones out', () => {
    const flags = readFlags({ model: 'm', once: false, passEnv: ['A'], verbose: true }, spec);
    expect(flags).toEqual({ model: 'm', once: false, passEnv: ['A'] });
    expect(readFlags({}, spec)).toEqual({});
  });

  it.each([
    [{ model: true }, 'flag model: commander gave boolean, the spec says string'],
    [{ once: 'yes' }, 'flag once: commander gave string, the spec says boolean'],
    [{ passEnv: ['A', 1] }, 'flag passEnv: commander gave object, the spec says strings'],
  ])('refuses a value of another kind than the spec says: %j', (raw, message) => {
    expect(() => readFlags(raw, spec)).toThrow(message);
  });
});

describe("talk's flag spec", () => {
  it('names every option `gemtoken talk` declares (but --verbose, which the Context reads), with its kind', () => {
    const talk = buildProgram(async () => undefined).commands.find((command) => command.name() === 'talk')!;
    const declared = Object.fromEntries(
      talk.options
        .filter((option) => option.long !== '--verbose')
        .map((option) => [
          option.attributeName(),
          // --pass-env and --image collect their repeats into a list; --no-x is a switch too.
          option.long === '--pass-env' || option.long === '--image'
            ? 'strings'
            : option.isBoolean() || option.negate
              ? 'boolean'
              : 'string',
        ]),
    );
    expect(declared).toEqual({ ...TALK_FLAGS });
  });
});
