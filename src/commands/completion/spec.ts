// Walks the commander program (the same object `gemtoken --help` prints) into plain data for the
// script generators, so completions can never drift from the real flags. Hidden options and
// commands stay hidden.

import type { Command, Option } from 'commander';
import { DEVICE_VALUES, VALUE_CHOICES, VARIABLE_VALUES, lookup, type DeviceKind } from './values.js';
import { definedProps } from '../../defined-props.js';

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
  /** The value is a file name (or a command, which is one): offer files. Not for numbers, URLs, names. */
  readonly files?: boolean;
  /** The values are this machine's audio devices (listed by `devices --names KIND` when completing). */
  readonly devices?: DeviceKind;
  /** The values are the names of the shell's exported variables (--pass-env). */
  readonly variables?: boolean;
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

/** Value names that stand for a path: <path>, <file.wav|->, <json|@file>, <cmd> (a script path). */
const FILE_VALUE = /file|path|dir|\.wav|\.json|^cmd$/;

function optionSpec(option: Option, command: string): OptionSpec {
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  const takesValue = option.required || option.optional;
  const choices = option.argChoices ?? (takesValue ? lookup(VALUE_CHOICES, command, option.long) : undefined);
  const devices = takesValue ? lookup(DEVICE_VALUES, command, option.long) : undefined;
  const variables = takesValue ? lookup(VARIABLE_VALUES, command, option.long) : undefined;
  // commander's short and long flags and the value name are never '' (each matches a pattern of 1+ characters).
  return {
    ...definedProps({ short: option.short, long: option.long }),
    takesValue,
    ...definedProps({ valueName, choices: choices && [...choices], devices, variables }),
    ...(takesValue && !choices && !devices && !variables && FILE_VALUE.test(valueName ?? '') ? { files: true } : {}),
    description: oneLine(option.description),
  };
}

export function describeCommand(command: Command): CommandSpec {
  const help = command.createHelp();
  const visible = help.visibleCommands(command);
  const names = visible.map((c) => c.name()).filter((name) => name !== 'help');
  return {
    name: command.name(),
    description: oneLine(command.description()),
    options: help.visibleOptions(command).map((option) => optionSpec(option, command.name())),
    arguments:
      command.name() === 'help'
        ? []
        : command.registeredArguments.map((argument) => ({
            name: argument.name(),
            ...definedProps({ choices: argument.argChoices && [...argument.argChoices] }),
          })),
    // commander's implicit `help [command]` completes the other command names.
    subcommands: visible.map((sub) =>
      sub.name() === 'help' && names.length > 0
        ? { ...describeCommand(sub), arguments: [{ name: 'command', choices: names }] }
        : describeCommand(sub),
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
