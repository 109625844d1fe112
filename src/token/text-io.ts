// File and stdin reads, injected so option resolution stays testable without a disk or a pipe.

import { UsageError } from '../errors.js';

export interface TextIo {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  /** Permission bits of a file, where they mean something (not on Windows); undefined if unknown. */
  fileMode?(path: string): Promise<number | undefined>;
}

/** Runs a read; any failure becomes a one-line UsageError with the errno code (ENOENT, EACCES…). */
export async function readOrFail(read: () => Promise<string>, message: string): Promise<string> {
  try {
    return await read();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new UsageError(`${message}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}
