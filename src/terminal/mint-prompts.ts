// The question port of `mint --interactive` and its @inquirer/prompts implementation (only
// terminal/ talks to inquirer). Prompts render on stderr so stdout stays data, and they
// share the command's abort signal.

import { Writable } from 'node:stream';
import type { Context } from '../context.js';
import { InterruptedError } from '../errors.js';

export interface PromptChoice<T extends string> {
  readonly value: T;
  readonly name: string;
  readonly description?: string;
}

export interface SelectQuestion<T extends string> {
  readonly message: string;
  readonly choices: readonly PromptChoice<T>[];
  readonly default?: T;
  /** This answer is a step, not a choice (e.g. "other…"): its answer line is erased once made. */
  readonly clearIfAnswer?: T;
}

export interface InputQuestion {
  readonly message: string;
  readonly default?: string;
  /** true, or the message to show under the prompt. */
  readonly validate?: (value: string) => true | string | Promise<true | string>;
}

/** What the interactive flow needs from a terminal; tests pass scripted fakes. */
export interface PromptPort {
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  input(question: InputQuestion): Promise<string>;
}

export async function createPromptPort(ctx: Context): Promise<PromptPort> {
  const { select, input } = await import('@inquirer/prompts');
  const io = () => ({ input: ctx.stdin as NodeJS.ReadableStream, output: unendable(ctx.stderr), signal: ctx.signal });
  return {
    select: async <T extends string>(q: SelectQuestion<T>) => {
      const answer = await interruptible(
        select<T>(
          { message: q.message, choices: q.choices.map((c) => ({ ...c })), default: q.default, loop: false },
          io(),
        ),
      );
      // inquirer leaves "✔ message answer" and a newline: up one line, erase it, back to column 0.
      if (q.clearIfAnswer !== undefined && answer === q.clearIfAnswer) ctx.stderr.write(ERASE_ANSWER_LINE);
      return answer;
    },
    input: (q) => interruptible(input({ message: q.message, default: q.default, validate: q.validate }, io())),
  };
}

/** Cursor up, erase the line, column 0 (the answer line is short: it never wraps). */
export const ERASE_ANSWER_LINE = '\u001b[1A\u001b[2K\r';

/**
 * Each inquirer prompt pipes into its output and ends it when done. Node never ends process.stderr
 * through pipe(), but any other stream (a test's, a wrapper's) would be closed after the first
 * question; so every prompt gets its own forwarder, which reports the terminal's size and TTY-ness.
 */
function unendable(target: Context['stderr']): NodeJS.WritableStream {
  const forward = new Writable({
    write: (chunk: Buffer | string, _encoding, done) => void target.write(chunk, () => done()),
  });
  for (const key of ['isTTY', 'columns', 'rows'] as const) {
    Object.defineProperty(forward, key, { get: () => (target as unknown as Record<string, unknown>)[key] });
  }
  return forward;
}

/**
 * inquirer reads keys in raw mode, so Ctrl-C never becomes SIGINT: it rejects with ExitPromptError
 * instead (and with AbortPromptError when our signal fires). Both mean "interrupted", exit 130.
 */
export async function interruptible<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new InterruptedError();
    throw error;
  }
}
