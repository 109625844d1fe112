// Opening the files a user names (--api-key-file, --config @, --input, --output, $GITHUB_OUTPUT …)
// so that one signal can always end the wait. A FIFO behind such a path used to block a
// libuv threadpool thread in open() (no peer yet) or read() (a silent peer), and Node cannot exit
// while one of those threads is blocked: the process ignored SIGTERM until SIGKILL. So every path is
// opened O_NONBLOCK, which never waits for a FIFO's peer, and a FIFO is then read and written
// through the event loop (a net.Socket, as Node does for a piped stdin), which a signal can stop.

import { close, constants, createWriteStream, fstat, open, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

// The input side (openInput, readAll, readFileBounded) is the bounded reader every byte from outside
// goes through; it lives in bounded-read.ts, which the emulator shares.
export { openInput, readAll, readFileBounded, type ReadAllOptions } from './bounded-read.js';

const openFd = promisify(open);
const fstatFd = promisify(fstat);

/** How often an output waits again for a FIFO's reader to appear (open() says ENXIO until then). */
const READER_POLL_MS = 50;

export interface OpenedOutput {
  readonly stream: Writable;
  /** A regular file: it can be reopened and patched afterwards (a WAV header's sizes). */
  readonly regular: boolean;
}

export interface OutputOptions {
  /** Append instead of truncating ($GITHUB_OUTPUT). */
  readonly append?: boolean;
  /** Called once when the path is a FIFO nobody reads yet: we wait (interruptibly) for a reader. */
  readonly onWaiting?: () => void;
}

/** A writable stream to `file` (created 0666 & ~umask); waits for a FIFO's reader until `signal`. */
export async function openOutput(
  file: string,
  signal: AbortSignal,
  options: OutputOptions = {},
): Promise<OpenedOutput> {
  const flags =
    constants.O_WRONLY |
    constants.O_CREAT |
    constants.O_NONBLOCK |
    (options.append ? constants.O_APPEND : constants.O_TRUNC);
  let fd: number | undefined;
  let told = false;
  while (fd === undefined) {
    if (signal.aborted) throw signal.reason;
    try {
      fd = await openFd(file, flags, 0o666);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      if (!told) options.onWaiting?.();
      told = true;
      await delay(READER_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  }
  const stats = await statOrClose(fd, signal);
  if (stats.isFIFO()) return { stream: new Socket({ fd, readable: false, writable: true }), regular: false };
  return { stream: createWriteStream(file, { fd }), regular: stats.isFile() };
}

/**
 * Writes `text` to `file` (created or truncated; appended with `append`) in one write and resolves
 * once it is there, or rejects: the write's error, or `signal.reason` while a FIFO has no reader.
 */
export async function writeText(
  file: string,
  text: string,
  signal: AbortSignal,
  options: OutputOptions = {},
): Promise<void> {
  const { stream } = await openOutput(file, signal, options);
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      stream.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    // end()'s callback also runs when the write failed (ENOSPC on /dev/full, EPIPE): it says so only in its argument.
    stream.end(text, (error?: Error | null) => {
      signal.removeEventListener('abort', onAbort);
      const failed = error ?? stream.errored;
      if (failed) reject(failed);
      else resolve();
    });
  });
}

async function statOrClose(fd: number, signal: AbortSignal): Promise<Stats> {
  try {
    const stats = await fstatFd(fd);
    if (signal.aborted) throw signal.reason;
    return stats;
  } catch (error) {
    close(fd, () => undefined);
    throw error;
  }
}
