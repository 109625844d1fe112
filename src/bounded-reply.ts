// The Web-API half of bounded-read.ts: byte caps and HTTP reply bodies read through a fetch Response,
// with no Node module, so the mint path runs where there is no `node:` (Deno, Bun, Workers:
// src/fetch.ts). bounded-read.ts re-exports these and adds the Node streams and files.

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

const encoder = new TextEncoder();

/** Chunks up to `limit` bytes. Past it, nothing more is kept: what was kept is dropped too. */
export class ByteLimit {
  #parts: Uint8Array[] = [];
  #size = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#size;
  }

  /** False once the bytes seen passed the limit (this chunk included); then it never keeps again. */
  add(chunk: Uint8Array | string): boolean {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    this.#size += bytes.byteLength;
    if (this.#size > this.limit) {
      this.#parts = [];
      return false;
    }
    this.#parts.push(bytes);
    return true;
  }

  bytes(): Uint8Array {
    if (this.#parts.length === 1) return this.#parts[0]!;
    const joined = new Uint8Array(this.#parts.reduce((sum, part) => sum + part.byteLength, 0));
    let at = 0;
    for (const part of this.#parts) {
      joined.set(part, at);
      at += part.byteLength;
    }
    return joined;
  }
}

/** A Content-Length header that already says the body is over `limit`: refused before reading. */
export function declaredOver(contentLength: string | null | undefined, limit: number): boolean {
  if (contentLength === null || contentLength === undefined || !/^\d+$/.test(contentLength.trim())) return false;
  return Number(contentLength.trim()) > limit;
}

/** A body stream, at most `limit` bytes: past it the stream is cancelled and TooLargeError thrown. */
export async function readStreamBytes(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const cap = new ByteLimit(limit);
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return cap.bytes();
    if (!cap.add(value)) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(limit);
    }
  }
}

/** A fetch Response's body, at most `limit` bytes: a larger Content-Length is refused unread, a longer body cancelled. */
export async function readReplyBytes(response: Response, limit: number = MAX_REPLY_BYTES): Promise<Uint8Array> {
  if (declaredOver(response.headers.get('content-length'), limit)) {
    await response.body?.cancel().catch(() => undefined);
    throw new TooLargeError(limit);
  }
  return readStreamBytes(response.body, limit);
}
