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

const openFd = promisify(open);
const fstatFd = promisify(fstat);

/** For a read nothing but its cap ends (an HTTP body whose socket a server timeout guards). */
const NEVER = new AbortController().signal;

/** A reply to any request gemtoken makes or records (a token is ~200 bytes; an error a few KB). */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** `limit` in words: "1 MiB", "4 MiB", "512 KiB", "100 bytes". */
export function describeBytes(limit: number): string {
  if (limit >= 1024 * 1024 && limit % (1024 * 1024) === 0) return `${limit / (1024 * 1024)} MiB`;
  if (limit >= 1024 && limit % 1024 === 0) return `${limit / 1024} KiB`;
  return `${limit} bytes`;
}

/** The bytes passed their cap: the read was abandoned. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${describeBytes(limit)}`);
    this.name = 'TooLargeError';
  }
}

/** Chunks up to `limit` bytes. Past it, nothing more is kept: what was kept is dropped too. */
export class ByteCap {
  #parts: Buffer[] = [];
  #size = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#size;
  }

  /** False once the bytes seen passed the limit (this chunk included); then it never keeps again. */
  add(chunk: Uint8Array | string): boolean {
    const bytes =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#size += bytes.length;
    if (this.#size > this.limit) {
      this.#parts = [];
      return false;
    }
    this.#parts.push(bytes);
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** A Content-Length header that already says the body is over `limit`: refused before reading. */
export function declaredOver(contentLength: string | null | undefined, limit: number): boolean {
  if (contentLength === null || contentLength === undefined || !/^\d+$/.test(contentLength.trim())) return false;
  return Number(contentLength.trim()) > limit;
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

/** A fetch Response's body, at most `limit` bytes: a larger Content-Length is refused unread, a longer body cancelled. */
export async function readReply(response: Response, limit: number = MAX_REPLY_BYTES): Promise<Buffer> {
  if (declaredOver(response.headers.get('content-length'), limit)) {
    await response.body?.cancel().catch(() => undefined);
    throw new TooLargeError(limit);
  }
  if (!response.body) return Buffer.alloc(0);
  const cap = new ByteCap(limit);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return cap.bytes();
    if (!cap.add(value)) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(limit);
    }
  }
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
