// The one bounded reader for bytes from outside: HTTP reply bodies (mint, serve's
// upstream, the recorder), files and devices a user names (flags, --scenario, cassettes). Before it,
// each site read whole and measured afterwards: a 1 GB reply made `mint` peak at 4.2 GB, /dev/zero
// as a cassette read gigabytes. Here the bytes are counted as they come and the read stops at the
// first chunk past the cap, so at most `limit` bytes plus one chunk are ever held.
// Generic and protocol-free: the emulator shares it (test/unit/emulator/fence.test.ts).

import { close, constants, createReadStream, fstat, open, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import { isatty, ReadStream as TtyReadStream } from 'node:tty';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { ByteLimit, MAX_REPLY_BYTES, readReplyBytes, TooLargeError } from './bounded-reply.js';

export {
  ByteLimit,
  declaredOver,
  describeBytes,
  MAX_REPLY_BYTES,
  readReplyBytes,
  TooLargeError,
} from './bounded-reply.js';

const openFd = promisify(open);
const fstatFd = promisify(fstat);

/** For a read nothing but its cap ends (an HTTP body whose socket a server timeout guards). */
const NEVER = new AbortController().signal;

/** A Buffer view of ByteLimit's bytes, for the Node-side readers. */
export class ByteCap extends ByteLimit {
  override bytes(): Buffer {
    const bytes = super.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

export interface ReadAllOptions {
  /** A shared stream (stdin): paused when we stop reading, never destroyed. */
  readonly keepOpen?: boolean;
  /** Stop reading past this many bytes and reject with `tooLarge()` (TooLargeError by default). */
  readonly limit?: number;
  readonly tooLarge?: () => Error;
}

/**
 * All of `stream` as one Buffer (decoded by the caller, so a character split across chunks stays
 * whole). On `signal` it rejects with the signal's reason at once; a stream we opened is destroyed,
 * a shared one (stdin: `keepOpen`) only paused and left.
 */
export function readAll(stream: Readable, signal: AbortSignal = NEVER, options: ReadAllOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const cap = new ByteCap(limit);
    const stop = (): void => {
      if (options.keepOpen) stream.pause();
      else stream.destroy();
    };
    const onData = (chunk: Buffer | string): void => {
      if (cap.add(chunk)) return;
      done();
      stop();
      reject(options.tooLarge?.() ?? new TooLargeError(limit));
    };
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onEnd = (): void => {
      done();
      resolve(cap.bytes());
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const onAbort = (): void => {
      done();
      stop();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** A fetch Response's body, at most `limit` bytes, as a Buffer (readReplyBytes: bounded-reply.ts). */
export async function readReply(response: Response, limit: number = MAX_REPLY_BYTES): Promise<Buffer> {
  const bytes = await readReplyBytes(response, limit);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A readable stream of `file` and what it is. Opened O_NONBLOCK, so a FIFO with no writer never
 * blocks a threadpool thread (which would keep Node from exiting on a signal): a FIFO and a
 * terminal are read through the event loop, as Node reads a piped stdin.
 */
export async function openInputStats(file: string, signal: AbortSignal): Promise<{ stream: Readable; stats: Stats }> {
  const fd = await openFd(file, constants.O_RDONLY | constants.O_NONBLOCK);
  let stats: Stats;
  try {
    stats = await fstatFd(fd);
    if (signal.aborted) throw signal.reason;
  } catch (error) {
    close(fd, () => undefined);
    throw error;
  }
  if (stats.isFIFO()) return { stream: new Socket({ fd, readable: true, writable: false }), stats };
  // A terminal (`--api-key-file /dev/stdin` typed by hand) waits for a line: the event loop's way too.
  if (isatty(fd)) return { stream: new TtyReadStream(fd), stats };
  return { stream: createReadStream(file, { fd }), stats };
}

/** A readable stream of `file`; rejects with the open error (ENOENT, EACCES…) or `signal.reason`. */
export async function openInput(file: string, signal: AbortSignal): Promise<Readable> {
  return (await openInputStats(file, signal)).stream;
}

/**
 * All of `file`, at most `limit` bytes. A regular file is measured (fstat) before a byte is read; a
 * FIFO, a device (/dev/zero) or a /proc file (size 0 but endless) is read as it comes and abandoned
 * at the first chunk past the cap. Rejects with `tooLarge()`, the open error, or `signal.reason`.
 */
export async function readFileBounded(
  file: string,
  signal: AbortSignal,
  options: { limit: number; tooLarge?: () => Error },
): Promise<Buffer> {
  const { stream, stats } = await openInputStats(file, signal);
  const tooLarge = options.tooLarge ?? (() => new TooLargeError(options.limit));
  if (stats.isFile() && stats.size > options.limit) {
    stream.destroy();
    throw tooLarge();
  }
  return readAll(stream, signal, { limit: options.limit, tooLarge });
}
