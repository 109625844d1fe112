// File and stdin reads, injected so option resolution stays testable without a disk or a pipe.

import { GemtokenError, UsageError } from '../errors.js';

export interface TextIo {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
}

/**
 * Runs a read; a failure becomes a one-line UsageError with the errno code (ENOENT, EACCES…). Our own
 * errors pass through as they are: a signal during the read is an InterruptedError (130/143/129).
 */
export async function readOrFail(read: () => Promise<string>, message: string): Promise<string> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GemtokenError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    throw new UsageError(`${message}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}
