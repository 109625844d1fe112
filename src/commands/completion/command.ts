// `gemtoken completion`: declarations only; the generator is lazy-imported from ./run.js. Commander
// hands the action this command, whose parent is the whole program: the script is generated from
// that, so this folder never imports cli.ts (which imports this file).

import { Argument, Command } from 'commander';
import { helpAfter } from '../../terminal/help-text.js';
import { readFlags, type FlagKind, type Invoke } from '../host.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

const HELP_AFTER = `
The script is generated from gemtoken's own commands and flags, so it matches this version.
--install writes it to ~/.config/gemtoken/completion.<shell> (XDG_CONFIG_HOME is honoured) and adds
one line loading it to ~/.bashrc or ~/.zshrc ($ZDOTDIR), once; fish gets
~/.config/fish/completions/gemtoken.fish and no rc line. Run it again after an upgrade.
Without --install it prints the script: eval "$(gemtoken completion bash)" loads it in this shell only.
`;

/** Every flag declared below, as readFlags() hands it to run.ts. */
export const COMPLETION_FLAGS = { install: 'boolean' } as const satisfies Readonly<Record<string, FlagKind>>;

export function completionCommand(invoke: Invoke): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .option('--install', "save the script in your config folder and load it from the shell's rc file")
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((shell: (typeof SHELLS)[number], opts: Record<string, unknown>, command: Command) =>
      invoke(async (ctx) =>
        (await import('./run.js')).runCompletion(
          ctx,
          shell,
          command.parent ?? command,
          readFlags(opts, COMPLETION_FLAGS),
        ),
      ),
    );
}
