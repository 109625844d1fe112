// zsh completion script (_arguments specs): works as an autoloaded `_gemtoken` file in $fpath or
// when eval'ed or sourced (it loads compinit itself when compdef is missing, as on a fresh zsh).

import { optionNames, type CommandSpec, type OptionSpec } from './spec.js';
import { functionName, shQuote } from './quote.js';
import { valuesCommand } from './bash.js';

/** Text inside an _arguments [description] or message: brackets and colons are syntax there. */
function zshText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([[\]:])/g, '\\$1');
}

/** What completes an option's value: its choices, this machine's devices, or file names. */
function valueAction(option: OptionSpec, program: string): string {
  if (option.choices) return `(${option.choices.join(' ')})`;
  // The exported parameters' names (--pass-env NAME).
  if (option.variables) return '{compadd -- ${(k)parameters[(R)*export*]}}';
  const listing = valuesCommand(program, option);
  // {…} runs at Tab time; compadd (not _describe) because device names contain colons.
  if (listing) return `{local -a names; names=(\${(f)"$(${listing})"}); compadd -a names}`;
  // A bare space: zsh shows the value's name and offers nothing (not files for a number).
  return option.files ? '_files' : ' ';
}

function optionSpecs(option: OptionSpec, program: string): string {
  const names = optionNames(option);
  const value = option.takesValue ? `:${zshText(option.valueName ?? 'value')}:${valueAction(option, program)}` : '';
  const body = `[${zshText(option.description)}]${value}`;
  // `--opt=`: the value may follow as the next word or after `=` in the same word.
  if (names.length === 1)
    return shQuote(`${names[0]}${option.takesValue && names[0]!.startsWith('--') ? '=' : ''}${body}`);
  return `${shQuote(`(${names.join(' ')})`)}{${names.join(',')}}${shQuote(body)}`;
}

function argumentSpecs(command: CommandSpec): string[] {
  return command.arguments.map((argument, index) =>
    shQuote(
      `${index + 1}:${zshText(argument.name)}:${argument.choices ? `(${argument.choices.join(' ')})` : '_files'}`,
    ),
  );
}

function commandFunction(command: CommandSpec, path: readonly string[]): string[] {
  const specs = [...command.options.map((o) => optionSpecs(o, path[0]!)), ...argumentSpecs(command)];
  return [
    `${functionName(path)}() {`,
    '  _arguments -s \\',
    ...specs.map((spec, i) => `    ${spec}${i < specs.length - 1 ? ' \\' : ''}`),
    '}',
    '',
  ];
}

export function zshScript(program: CommandSpec): string {
  const fn = functionName([program.name]);
  const commands = program.subcommands.map(
    (sub) => `    ${shQuote(`${sub.name.replace(/:/g, '\\:')}:${sub.description}`)}`,
  );
  const rootSpecs = [
    ...program.options.map((o) => optionSpecs(o, program.name)),
    shQuote('1: :->command'),
    shQuote('*:: :->args'),
  ];
  return [
    `#compdef ${program.name}`,
    `# zsh completion for ${program.name}. Generated from the program by \`${program.name} completion zsh\`.`,
    `# Install: ${program.name} completion zsh --install   or: ${program.name} completion zsh > "\${fpath[1]}/_${program.name}"`,
    '',
    ...program.subcommands.flatMap((sub) => commandFunction(sub, [program.name, sub.name])),
    `${fn}() {`,
    '  local curcontext="$curcontext" state line',
    '  typeset -A opt_args',
    '  _arguments -C -s \\',
    ...rootSpecs.map((spec, i) => `    ${spec}${i < rootSpecs.length - 1 ? ' \\' : ''}`),
    '  case $state in',
    '    command)',
    '      local -a commands',
    '      commands=(',
    ...commands,
    '      )',
    `      _describe -t commands ${shQuote(`${program.name} command`)} commands`,
    '      ;;',
    '    args)',
    '      case $line[1] in',
    ...program.subcommands.map((sub) => `        ${shQuote(sub.name)}) ${functionName([program.name, sub.name])} ;;`),
    '      esac',
    '      ;;',
    '  esac',
    '}',
    '',
    // Autoloaded from $fpath the file body runs as the function; eval'ed or sourced it registers it,
    // loading the completion system first on a fresh zsh (no compinit in ~/.zshrc: compdef missing).
    'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then',
    `  ${fn} "$@"`,
    'else',
    '  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit }',
    `  compdef ${fn} ${program.name}`,
    'fi',
    '',
  ].join('\n');
}
