// The one way commands read a file or all of stdin: relative paths from the Context's cwd, at most
// TEXT_INPUT_LIMIT bytes (read as a stream and abandoned past it, never read whole first), and
// decoded once at the end, so a multi-byte character split across chunks stays whole.

import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { TEXT_INPUT_LIMIT, TextTooLargeError, type TextIo } from '../token/text-io.js';

export function contextTextIo(ctx: Context): TextIo {
  return {
    readFile: (file) => readCapped(createReadStream(path.resolve(ctx.cwd, file)), file),
    readStdin: () => readCapped(ctx.stdin, 'stdin'),
  };
}

/** All of `stream` as UTF-8, or a TextTooLargeError naming `what` once it passes `limit` bytes. */
export async function readCapped(stream: NodeJS.ReadableStream, what: string, limit: number = TEXT_INPUT_LIMIT): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    // Leaving the loop destroys the stream: nothing more is read.
    if (size > limit) throw new TextTooLargeError(what);
    parts.push(bytes);
  }
  return Buffer.concat(parts).toString('utf8');
}
