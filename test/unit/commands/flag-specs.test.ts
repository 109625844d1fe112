// Each command reads commander's options record once with readFlags() and a spec beside its
// declarations (commands/host.ts). A spec that drifted from what the command declares would drop a
// flag silently or throw at run time, so every spec is checked here against the declared options.
import { describe, expect, it } from 'vitest';
import type { Option } from 'commander';
import { buildProgram } from '../../../src/cli.js';
import { readFlags, type FlagKind } from '../../../src/commands/host.js';
import { COMPLETION_FLAGS } from '../../../src/commands/completion/command.js';
import { CONFORMANCE_FLAGS } from '../../../src/commands/conformance/run.js';
import { DEMO_FLAGS } from '../../../src/commands/demo/command.js';
import { DEVICES_FLAGS } from '../../../src/commands/devices/command.js';
import { DOCTOR_FLAGS } from '../../../src/commands/doctor/command.js';
import { EMULATOR_FLAGS } from '../../../src/commands/emulator/command.js';
import { MINT_FLAGS } from '../../../src/commands/mint/token-flags.js';
import { SERVE_FLAGS } from '../../../src/commands/serve/options.js';
import { TALK_FLAGS } from '../../../src/commands/talk/options.js';

const SPECS: Readonly<Record<string, Readonly<Record<string, FlagKind>>>> = {
  completion: COMPLETION_FLAGS,
  conformance: CONFORMANCE_FLAGS,
  demo: DEMO_FLAGS,
  devices: DEVICES_FLAGS,
  doctor: DOCTOR_FLAGS,
  emulator: EMULATOR_FLAGS,
  mint: MINT_FLAGS,
  serve: SERVE_FLAGS,
  talk: TALK_FLAGS,
};

/** The kind commander hands over: choices as listed, a collecting parser's list, a switch, or a value. */
function kindOf(option: Option): FlagKind {
  if (option.argChoices) return option.argChoices;
  if (option.parseArg) return 'strings';
  return option.isBoolean() || option.negate ? 'boolean' : 'string';
}

describe('flag specs', () => {
  const program = buildProgram(async () => undefined);

  it('every command of the program has a spec', () => {
    expect(program.commands.map((command) => command.name()).sort()).toEqual(Object.keys(SPECS).sort());
  });

  it.each(Object.entries(SPECS))(
    '%s: the spec names every declared option (but --verbose, which the Context reads) with its kind',
    (name, spec) => {
      const command = program.commands.find((c) => c.name() === name)!;
      const declared = Object.fromEntries(
        command.options
          .filter((option) => option.long !== '--verbose')
          .map((option) => [option.attributeName(), kindOf(option)]),
      );
      expect(declared).toEqual({ ...spec });
    },
  );
});

describe('readFlags with a list of choices', () => {
  const spec = { names: ['capture', 'playback'] } as const;

  it('takes a listed value, typed as the list', () => {
    const flags: { readonly names?: 'capture' | 'playback' } = readFlags({ names: 'playback' }, spec);
    expect(flags).toEqual({ names: 'playback' });
  });

  it('refuses a value the list does not hold', () => {
    expect(() => readFlags({ names: 'both' }, spec)).toThrow(
      'flag names: commander gave string, the spec says one of capture, playback',
    );
  });
});
