// File and stdin reads, injected so option resolution stays testable without a disk or a pipe.

import { GemtokenError, UsageError } from '../errors.js';
import { cannotRead, fileReadError } from '../file-error.js';

export interface TextIo {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  /** Permission bits of a file, where they mean something (not on Windows); undefined if unknown. */
  fileMode?(path: string): Promise<number | undefined>;
}

/**
 * Most bytes read from any text input (key file, --config, --system-instruction, --token -): far
 * above any real one, and low enough that `--config @/dev/zero` fails at once instead of eating
 * memory until the kernel steps in.
 */
export const TEXT_INPUT_LIMIT = 1024 * 1024;

/** A text input over TEXT_INPUT_LIMIT; `what` names it (a path, or "stdin"). */
export class TextTooLargeError extends UsageError {
  constructor(what: string) {
    super(`${what} is larger than 1 MiB, the limit for text inputs`);
  }
}

/**
 * Runs a read; a failure becomes a one-line UsageError with the errno code (ENOENT, EACCES…). Our own
 * errors pass through as they are: a signal during the read is an InterruptedError (130/143/129).
 */
export async function readOrFail(read: () => Promise<string>, message: string): Promise<string> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TextTooLargeError)
      throw new UsageError(`${message}: it is larger than 1 MiB, the limit for text inputs`);
    if (error instanceof GemtokenError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    throw new UsageError(`${message}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/**
 * Reads the file a flag names; a failure is one line and its fix (file-error.ts), e.g. `--config:
 * no such file: cfg.json`. `missingHint` is the flag's own advice for a path that does not exist.
 */
export async function readFileOrFail(io: TextIo, flag: string, path: string, missingHint?: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    if (error instanceof TextTooLargeError)
      throw new UsageError(`${cannotRead(flag, path)}: it is larger than 1 MiB, the limit for text inputs`);
    if (error instanceof GemtokenError) throw error;
    throw fileReadError(flag, path, error, missingHint);
  }
}
