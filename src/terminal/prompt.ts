// All prompts go through here (docs/architecture.md): never prompt without a TTY.

import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { interruptible } from './mint-prompts.js';
import { parseJson } from '../parse/json.js';
import { checkKey, missingKeyHint, type KeyFlag, type ResolvedKey } from '../token/api-key.js';

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

/**
 * The API key typed at a hidden prompt, for every command that needs one and found none (mint, and
 * talk minting its own token): checked like a key from anywhere else, and a secret from the moment
 * it is typed, before anything could print it. Only at a terminal (canPrompt); the caller says what
 * is missing otherwise.
 */
export async function promptApiKey(ctx: Context, keyFlags: readonly KeyFlag[]): Promise<ResolvedKey> {
  const hint = missingKeyHint(keyFlags);
  const key = checkKey(await promptSecret(ctx, 'Gemini API key:', hint), 'the prompt', hint);
  ctx.secrets.add(key);
  return { key, source: 'the prompt', notices: [], warnings: [] };
}

/**
 * talk without --tool-command, at a terminal: the user answers a function call with JSON (Enter
 * sends). `signal` withdraws the question (the server cancelled the call). Ctrl-C → InterruptedError.
 */
export async function promptToolResult(ctx: Context, message: string, signal: AbortSignal): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const validate = (text: string): true | string =>
    parseJson(text).ok ? true : 'type one JSON value, e.g. {"temp":3}';
  const either = new AbortController();
  const abort = (): void => either.abort();
  for (const s of [ctx.signal, signal]) s.addEventListener('abort', abort, { once: true });
  try {
    return await interruptible(
      input(
        { message, validate },
        {
          input: ctx.stdin as NodeJS.ReadableStream,
          output: ctx.stderr as NodeJS.WritableStream,
          signal: either.signal,
        },
      ),
    );
  } finally {
    for (const s of [ctx.signal, signal]) s.removeEventListener('abort', abort);
  }
}

/** A yes/no question (default no) on stderr; Ctrl-C → InterruptedError. The caller checks canPrompt first. */
export async function promptConfirm(ctx: Context, message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return interruptible(
    confirm(
      { message, default: false },
      { input: ctx.stdin as NodeJS.ReadableStream, output: ctx.stderr as NodeJS.WritableStream, signal: ctx.signal },
    ),
  );
}
