// `gemtoken completion <shell>`: print the script for the commander program that is running.

import type { Command } from 'commander';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { describeCommand } from './spec.js';
import { zshScript } from './zsh.js';
import type { Context } from '../../context.js';

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function runCompletion(ctx: Context, shell: keyof typeof GENERATORS, program: Command): Promise<number> {
  ctx.stdout.write(GENERATORS[shell](describeCommand(program)));
  return 0;
}
