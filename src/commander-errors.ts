// Commander's own usage errors (an unknown option or command, a value outside .choices()) in the
// project's form: one line, then one hint line naming what was probably meant, found by the same
// rule as every other unknown name (src/suggest.ts; commander's own "(Did you mean …?)" line is
// turned off in cli.ts), or else where the help is.

import type { Command, OutputConfiguration } from 'commander';
import { didYouMean } from './suggest.js';

export function oneLineErrors(command: Command, path: string): OutputConfiguration {
  return {
    outputError: (text: string, write: (text: string) => void) => {
      const line = text.replace(/^error: /, '').trim();
      const guess = commanderSuggestion(line, command);
      write(`gemtoken: ${line}\nhint: ${guess ? `${guess} (see '${path} --help')` : `see '${path} --help'`}\n`);
    },
  };
}

/** `did you mean --model?` for commander's message `line` about `command`, when a name is near. */
export function commanderSuggestion(line: string, command: Command): string | undefined {
  // Long options only: one letter is within one edit of every other short option.
  const option = /^unknown option '(--[^'=]+)/.exec(line);
  if (option) {
    const longs = command.options.map((o) => o.long).filter((name): name is string => name !== undefined);
    return didYouMean(option[1]!, [...longs, '--help']);
  }
  const sub = /^unknown command '([^']+)'/.exec(line);
  if (sub) return didYouMean(sub[1]!, [...command.commands.map((c) => c.name()), 'help']);
  const choice = /'([^']*)' is invalid.*Allowed choices are (.+?)\.?$/.exec(line);
  if (choice) return didYouMean(choice[1]!, choice[2]!.split(', '));
  return undefined;
}
