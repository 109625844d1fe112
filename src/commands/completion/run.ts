// `gemtoken completion <shell>`: build the same commander program cli.ts runs and print its script.

import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { describeCommand } from './spec.js';
import { zshScript } from './zsh.js';
import type { Context } from '../../context.js';
import type { SHELLS } from './command.js';

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function runCompletion(ctx: Context, shell: (typeof SHELLS)[number]): Promise<number> {
  // Imported here, not at the top: cli.ts imports this command's definition file.
  const { buildProgram } = await import('../../cli.js');
  const spec = describeCommand(buildProgram(async () => undefined));
  ctx.stdout.write(GENERATORS[shell](spec));
  return 0;
}
