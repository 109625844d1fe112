// `gemtoken completion`: declarations only; the generator is lazy-imported from ./run.js. Commander
// hands the action this command, whose parent is the whole program: the script is generated from
// that, so this folder never imports cli.ts (which imports this file).

import { Argument, Command } from 'commander';
import { helpAfter } from '../../terminal/help-text.js';
import type { Invoke } from '../host.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

const HELP_AFTER = `
The script is generated from gemtoken's own commands and flags, so it matches this version.
  bash  eval "$(gemtoken completion bash)"        in ~/.bashrc
  zsh   eval "$(gemtoken completion zsh)"         in ~/.zshrc (runs compinit if needed), or
        gemtoken completion zsh > "\${fpath[1]}/_gemtoken"
  fish  gemtoken completion fish | source         in ~/.config/fish/config.fish
`;

export function completionCommand(invoke: Invoke): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((shell: (typeof SHELLS)[number], _options: unknown, command: Command) =>
      invoke(async (ctx) => (await import('./run.js')).runCompletion(ctx, shell, command.parent ?? command)),
    );
}
