// fish completion script: `complete` lines conditioned on which subcommand has been seen.

import { type CommandSpec, type OptionSpec } from './spec.js';
import { fishQuote } from './quote.js';
import { valuesCommand } from './bash.js';

function optionLine(program: string, condition: string, option: OptionSpec): string {
  const parts = [`complete -c ${program} -n ${fishQuote(condition)}`];
  if (option.short) parts.push(`-s ${option.short.replace(/^-/, '')}`);
  if (option.long) parts.push(`-l ${option.long.replace(/^--/, '')}`);
  const listing = valuesCommand(program, option);
  // fish runs a (command substitution) in -a each time the value is completed.
  if (option.takesValue)
    parts.push(
      option.choices
        ? `-x -a ${fishQuote(option.choices.join(' '))}`
        : option.variables
          ? `-x -a ${fishQuote('(set -xn)')}`
          : listing
            ? `-x -a ${fishQuote(`(${listing})`)}`
            : option.files
              ? '-r -F'
              : '-x',
    );
  parts.push(`-d ${fishQuote(option.description)}`);
  return parts.join(' ');
}

export function fishScript(program: CommandSpec): string {
  const name = program.name;
  const all = program.subcommands.map((sub) => sub.name).join(' ');
  const atRoot = `not __fish_seen_subcommand_from ${all}`;
  const lines = [
    `# fish completion for ${name}. Generated from the program by \`${name} completion fish\`.`,
    `# Install: ${name} completion fish --install   (writes ~/.config/fish/completions/${name}.fish)`,
    `complete -c ${name} -f`,
    ...program.options.map((option) => optionLine(name, atRoot, option)),
    ...program.subcommands.map(
      (sub) => `complete -c ${name} -n ${fishQuote(atRoot)} -a ${fishQuote(sub.name)} -d ${fishQuote(sub.description)}`,
    ),
  ];
  for (const sub of program.subcommands) {
    const seen = `__fish_seen_subcommand_from ${sub.name}`;
    lines.push(...sub.options.map((option) => optionLine(name, seen, option)));
    const choices = sub.arguments[0]?.choices;
    if (choices) lines.push(`complete -c ${name} -n ${fishQuote(seen)} -a ${fishQuote(choices.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}
