// The one way commands read a file or all of stdin: relative paths from the Context's cwd, at most
// TEXT_INPUT_LIMIT bytes (a file's size checked first, a stream abandoned past it, never read whole first), and the bytes decoded once at
// the end, so a multi-byte character split across chunks stays whole. Both reads end on the
// command's signal: a FIFO with no writer or a silent stdin (`sleep 99 | gemtoken mint
// --api-key-stdin`) must not outlast one SIGTERM (src/file-streams.ts says how).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { readAll, readFileBounded } from '../file-streams.js';
import { TEXT_INPUT_LIMIT, TextTooLargeError, type TextIo } from '../token/text-io.js';

export function contextTextIo(ctx: Context): TextIo {
  const capped = (what: string) => ({ limit: TEXT_INPUT_LIMIT, tooLarge: () => new TextTooLargeError(what) });
  return {
    // A regular file is measured before it is read; a FIFO or device is read up to the cap (bounded-read.ts).
    readFile: async (file) =>
      (await readFileBounded(path.resolve(ctx.cwd, file), ctx.signal, capped(file))).toString('utf8'),
    // stdin is shared (talk may still own it for keys): paused on a signal, never destroyed.
    readStdin: async () =>
      (await readAll(ctx.stdin, ctx.signal, { keepOpen: true, ...capped('stdin') })).toString('utf8'),
    fileMode: async (file) =>
      process.platform === 'win32'
        ? undefined
        : stat(path.resolve(ctx.cwd, file)).then(
            (s) => s.mode,
            () => undefined,
          ),
  };
}
