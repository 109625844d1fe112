// bash completion script: one function that finds the subcommand in COMP_WORDS, then completes
// its options, an option's choices, or its positional choices. Unknown values fall back to file
// names (`complete -o default`).

import { optionNames, type CommandSpec, type OptionSpec } from './spec.js';
import { functionName, shQuote } from './quote.js';
import { DEVICE_NAMES_FLAG } from './values.js';

/** The command listing an option's values at Tab time (device names), or undefined. */
export function valuesCommand(program: string, option: OptionSpec): string | undefined {
  return option.devices ? `${program} devices ${DEVICE_NAMES_FLAG} ${option.devices} 2>/dev/null` : undefined;
}

function valueCases(command: CommandSpec, indent: string, program: string): string[] {
  const lines: string[] = [];
  for (const option of command.options.filter((o) => o.takesValue)) {
    const listing = valuesCommand(program, option);
    const reply = option.choices
      ? `COMPREPLY=( $(compgen -W ${shQuote(option.choices.join(' '))} -- "$cur") )`
      : option.variables
        ? 'compopt +o default 2>/dev/null; COMPREPLY=( $(compgen -e -- "$cur") )'
        : listing
          ? `local IFS=$'\\n'; COMPREPLY=( $(compgen -W "$(${listing})" -- "$cur") )`
          : option.files
            ? 'COMPREPLY=()'
            : // Not a file name (a number, a URL…): no fallback to files from `complete -o default`.
              'compopt +o default 2>/dev/null; COMPREPLY=()';
    lines.push(`${indent}${optionNames(option).join('|')}) ${reply}; return 0 ;;`);
  }
  return lines;
}

/** A subcommand's words: its subcommands at the root, else its first argument's choices. */
function positionalWords(command: CommandSpec): readonly string[] | undefined {
  return command.subcommands.length > 0 ? command.subcommands.map((sub) => sub.name) : command.arguments[0]?.choices;
}

function commandBranch(command: CommandSpec, indent: string, program: string): string[] {
  const options = command.options.flatMap(optionNames).join(' ');
  const choices = positionalWords(command);
  const values = valueCases(command, `${indent}  `, program);
  return [
    ...(values.length > 0 ? [`${indent}case "$prev" in`, ...values, `${indent}esac`] : []),
    `${indent}if [[ "$cur" == -* ]]; then`,
    `${indent}  COMPREPLY=( $(compgen -W ${shQuote(options)} -- "$cur") )`,
    choices
      ? `${indent}else\n${indent}  COMPREPLY=( $(compgen -W ${shQuote(choices.join(' '))} -- "$cur") )`
      : `${indent}elif [[ -z "$cur" ]]; then\n${indent}  COMPREPLY=( $(compgen -W ${shQuote(options)} -- "$cur") )`,
    `${indent}fi`,
  ];
}

export function bashScript(program: CommandSpec): string {
  const fn = functionName([program.name]);
  const rootValueOptions = program.options.filter((o) => o.takesValue).flatMap(optionNames);
  const skipValue = rootValueOptions.length > 0 ? [`      ${rootValueOptions.join('|')}) (( i++ )) ;;`] : [];
  const branches = program.subcommands.flatMap((sub) => [
    `    ${shQuote(sub.name)})`,
    ...commandBranch(sub, '      ', program.name),
    '      ;;',
  ]);
  return [
    `# bash completion for ${program.name}. Generated from the program by \`${program.name} completion bash\`.`,
    `# Install: ${program.name} completion bash --install   or, for this shell only: eval "$(${program.name} completion bash)"`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i',
    '  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  COMPREPLY=()',
    '  for (( i = 1; i < COMP_CWORD; i++ )); do',
    '    case "${COMP_WORDS[i]}" in',
    ...skipValue,
    '      -*) ;;',
    '      *) cmd="${COMP_WORDS[i]}"; break ;;',
    '    esac',
    '  done',
    '  case "$cmd" in',
    "    '')",
    ...commandBranch(program, '      ', program.name),
    '      ;;',
    ...branches,
    '  esac',
    '  return 0',
    '}',
    `complete -o default -F ${fn} ${program.name}`,
    '',
  ].join('\n');
}
