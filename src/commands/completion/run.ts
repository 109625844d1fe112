// `gemtoken completion <shell>`: print the script for the commander program that is running, or
// with --install put it where the shell loads it from (install.ts).

import type { Command } from 'commander';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { installCompletion, installReport } from './install.js';
import { describeCommand } from './spec.js';
import { zshScript } from './zsh.js';
import type { Context } from '../../context.js';
import { createUi } from '../../terminal/ui.js';

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function runCompletion(
  ctx: Context,
  shell: keyof typeof GENERATORS,
  program: Command,
  options: { readonly install?: boolean } = {},
): Promise<number> {
  const script = GENERATORS[shell](describeCommand(program));
  if (!options.install) {
    ctx.stdout.write(script);
    return 0;
  }
  const ui = createUi(ctx);
  const result = await installCompletion(ctx, shell, script, program.name());
  for (const line of installReport(result, shell))
    if (line.startsWith('warning: ')) ui.warn(line.slice('warning: '.length));
    else ui.info(line);
  return 0;
}
