// Help at any width (src/terminal/help-layout.ts, help-text.ts): every command's help, rendered by
// the real program at a generated terminal width from 40 to 160 columns, has no line wider than the
// terminal and the same words in the same order as at every other width, so no word was ever cut
// (a cut word would show up as two halves). Seeded: a failure prints its seed and replays.

import type { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli.js';
import { wrapHelp } from '../../../src/terminal/help-text.js';

const SEED = 20_0009;
const program = buildProgram(async () => undefined);

/** The program and every command under it, by their path (`gemtoken mint`). */
function everyCommand(command: Command, path: string[] = []): [string, Command][] {
  const here = [...path, command.name()];
  return [[here.join(' '), command], ...command.commands.flatMap((sub) => everyCommand(sub, here))];
}
const COMMANDS = everyCommand(program);

/** What `<command> --help` prints on a terminal `width` columns wide (commander reads stdout's columns). */
function helpAt(command: Command, width: number): string {
  let out = '';
  command.configureOutput({ writeOut: (text) => (out += text), getOutHelpWidth: () => width });
  command.outputHelp();
  return out;
}

/**
 * The words a person reads, in order. Wrapping adds only line breaks, a ` \` to an example command
 * (it pastes as one) and a `#` to a comment's next line (it stays a comment).
 */
const words = (text: string): string[] =>
  text
    .replace(/ \\\n/g, '\n')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== '#');
const tooWide = (text: string, width: number): string[] => text.split('\n').filter((line) => [...line].length > width);

describe('help at any terminal width', () => {
  it('covers every command', () => {
    expect(COMMANDS.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'gemtoken',
        'gemtoken mint',
        'gemtoken emulator',
        'gemtoken completion',
        'gemtoken demo',
      ]),
    );
  });

  it.each(COMMANDS)('%s at 40, 80 and 120 columns: no line wider, the same words', (_name, command) => {
    const reference = words(helpAt(command, 120));
    for (const width of [40, 80, 120]) {
      const shown = helpAt(command, width);
      expect(tooWide(shown, width), `at ${width} columns`).toEqual([]);
      expect(words(shown), `at ${width} columns`).toEqual(reference);
    }
  });

  it('generated: any command at any width from 40 to 160 columns', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), fc.integer({ min: 40, max: 160 }), ([, command], width) => {
        const shown = helpAt(command, width);
        expect(tooWide(shown, width)).toEqual([]);
        expect(words(shown)).toEqual(words(helpAt(command, 160)));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('puts an option description under the option when beside it would leave under 30 columns', () => {
    const narrow = helpAt(
      program.commands.find((c) => c.name() === 'emulator')!,
      40,
    );
    expect(narrow).toContain('\n  --connection-lifetime <duration>\n      Live connection lifetime before\n');
    const wide = helpAt(
      program.commands.find((c) => c.name() === 'emulator')!,
      80,
    );
    expect(wide).toMatch(/\n {2}--connection-lifetime <duration> {2}Live connection lifetime before goAway \+\n/);
  });

  it('wraps an example command with a continuation that pastes as one command', () => {
    const narrow = helpAt(
      program.commands.find((c) => c.name() === 'mint')!,
      40,
    );
    expect(narrow).toContain('\n  TOKEN=$(gemtoken mint --uses 3 --ttl \\\n      30m --output name)\n');
  });

  it('names one model in every example: the default, gemini-3.8-live', () => {
    const all = COMMANDS.map(([, command]) => helpAt(command, 100)).join('\n');
    expect(new Set(all.match(/gemini-[\w.-]*\d[\w.-]*/g))).toEqual(new Set(['gemini-3.8-live']));
  });
});

describe('wrapHelp, generated', () => {
  const word = fc.stringMatching(/^[a-z{}":,.\-[\]]{1,12}$/);
  const line = fc.array(word, { minLength: 1, maxLength: 20 }).map((ws) => ws.join(' '));
  // A quoted argument stays whole (it would not paste split), so commands are drawn without quotes.
  const command = fc
    .array(word.map((w) => w.replace(/"/g, '')).filter(Boolean), { minLength: 1, maxLength: 20 })
    .map((ws) => `  gemtoken ${ws.join(' ')}`);
  const block = fc.array(
    fc.oneof(
      line,
      line.map((l) => `  ${l}`),
      fc.tuple(word, line).map(([label, text]) => `  ${label.padEnd(14)}  ${text}`),
      command,
    ),
    { minLength: 1, maxLength: 8 },
  );

  it('keeps every word whole and in order, and every line within the width', () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 40, max: 160 }), (lines, width) => {
        const text = lines.join('\n');
        const shown = wrapHelp(text, width);
        expect(words(shown)).toEqual(words(text));
        expect(tooWide(shown, width)).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
