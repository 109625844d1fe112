// All prompts go through here (design.md §4.5): never prompt without a TTY.

import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { interruptible } from './mint-prompts.js';

export function canPrompt(ctx: Context): boolean {
  return ctx.isTTY.stdin && ctx.isTTY.stderr;
}

export async function promptSecret(ctx: Context, message: string, missingHint: string): Promise<string> {
  if (!canPrompt(ctx)) throw new UsageError(`${message.replace(/:$/, '')} is required`, missingHint);
  const { password } = await import('@inquirer/prompts');
  // Ctrl-C in inquirer's raw mode is a rejected prompt, not SIGINT: exit 130, not "internal error".
  return interruptible(
    password(
      { message, mask: true },
      { input: ctx.stdin as NodeJS.ReadableStream, output: ctx.stderr as NodeJS.WritableStream, signal: ctx.signal },
    ),
  );
}
