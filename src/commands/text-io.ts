// The one way commands read a file or all of stdin: relative paths from the Context's cwd, and
// stdin decoded once at the end, so a multi-byte character split across chunks stays whole.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import type { TextIo } from '../token/text-io.js';

export function contextTextIo(ctx: Context): TextIo {
  return {
    readFile: (file) => readFile(path.resolve(ctx.cwd, file), 'utf8'),
    readStdin: () => readAll(ctx.stdin),
    fileMode: async (file) =>
      process.platform === 'win32' ? undefined : stat(path.resolve(ctx.cwd, file)).then((s) => s.mode, () => undefined),
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}
