// Walks the commander program (the same object `gemtoken --help` prints) into plain data for the
// script generators, so completions can never drift from the real flags. Hidden options and
// commands stay hidden.

import { Help, type Command, type Option } from 'commander';

export interface OptionSpec {
  /** e.g. "-u" */
  readonly short?: string;
  /** e.g. "--uses" */
  readonly long?: string;
  /** The option consumes the next word. */
  readonly takesValue: boolean;
  /** Name of the value for messages, e.g. "n" from "<n>". */
  readonly valueName?: string;
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly choices?: readonly string[];
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
  readonly subcommands: readonly CommandSpec[];
}

function optionSpec(option: Option): OptionSpec {
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    ...(option.short ? { short: option.short } : {}),
    ...(option.long ? { long: option.long } : {}),
    takesValue: option.required || option.optional,
    ...(valueName ? { valueName } : {}),
    ...(option.argChoices ? { choices: [...option.argChoices] } : {}),
    description: oneLine(option.description),
  };
}

export function describeCommand(command: Command): CommandSpec {
  const help = command.createHelp();
  // Commander's default list, not the program's: its help also lists the hidden `demo` (cli.ts), completions do not.
  const visible = new Help().visibleCommands(command);
  const names = visible.map((c) => c.name()).filter((name) => name !== 'help');
  return {
    name: command.name(),
    description: oneLine(command.description()),
    options: help.visibleOptions(command).map(optionSpec),
    arguments:
      command.name() === 'help'
        ? []
        : command.registeredArguments.map((argument) => ({ name: argument.name(), ...(argument.argChoices ? { choices: [...argument.argChoices] } : {}) })),
    // commander's implicit `help [command]` completes the other command names.
    subcommands: visible.map((sub) =>
      sub.name() === 'help' && names.length > 0 ? { ...describeCommand(sub), arguments: [{ name: 'command', choices: names }] } : describeCommand(sub),
    ),
  };
}

/** Every spelling of an option, e.g. ["-u", "--uses"]. */
export function optionNames(option: OptionSpec): string[] {
  return [option.short, option.long].filter((name): name is string => name !== undefined);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
