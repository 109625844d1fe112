// How commander lays out every command's help, set in one place (buildProgram applies it to the
// program and each command): the width is help-text.ts's (the terminal's, 80 into a pipe, at most
// 100), and option and command rows are wrapped by the same code as the prose after them, so that
// no line is wider than the terminal and no word is cut. Commander's own layout stops wrapping when
// the description column is under 40 columns and lets the terminal cut words; here a row whose
// description column would be too narrow puts the description under the option instead.

import type { Command, Help, HelpConfiguration } from 'commander';
import { formatRow, helpWidth, wrapLine } from './help-text.js';

const ITEM_INDENT = 2;
/** Commander's gap between an option and its description. */
const GAP = 2;
const USAGE = 'Usage: ';

const layout: HelpConfiguration = {
  prepareContext(this: Help, context: { helpWidth?: number }): void {
    this.helpWidth = helpWidth(context.helpWidth);
  },
  boxWrap: (text: string, width: number): string =>
    text
      .split('\n')
      .map((line) => wrapLine(line, width, '').join('\n'))
      .join('\n'),
  // The line is "Usage: " and this; wrapped, it goes on under its first word.
  styleUsage(this: Help, usage: string): string {
    const indent = ' '.repeat(USAGE.length);
    return wrapLine(usage, this.helpWidth ?? helpWidth(undefined), indent)
      .join('\n')
      .slice(indent.length);
  },
  formatItem(this: Help, term: string, termWidth: number, description: string): string {
    const width = this.helpWidth ?? helpWidth(undefined);
    if (!description) return wrapLine(term, width, ' '.repeat(ITEM_INDENT)).join('\n');
    return formatRow(ITEM_INDENT, term, ITEM_INDENT + termWidth + GAP, description, width).join('\n');
  },
};

/** Applies the layout to `program` and every command under it, keeping what each already configures. */
export function layOutHelp(program: Command): void {
  program.configureHelp({ ...program.configureHelp(), ...layout });
  for (const command of program.commands) layOutHelp(command);
}
