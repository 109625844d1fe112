// Where `talk` reads its keys. stdin when it is a terminal nothing else reads; otherwise the
// controlling terminal (/dev/tty), as less and fzf do, so that `gemtoken mint | gemtoken talk --token -`
// still has q, m and t. /dev/tty is opened O_NONBLOCK and read as a tty.ReadStream through the event
// loop (src/file-streams.ts): a read blocked on a libuv thread would keep one signal from ending talk.
// Only when stderr is a terminal too: that is where the hints are shown, and it is the same device,
// so Node's exit-time reset of stdio's terminal modes also covers raw mode set through /dev/tty.

import type { Readable } from 'node:stream';
import { ReadStream as TtyReadStream } from 'node:tty';
import { openInput } from '../file-streams.js';
import type { RawInput } from './keys.js';

export interface KeySource {
  readonly input: RawInput;
  /** stdin (a tool's answer can be asked there too) or the controlling terminal. */
  readonly from: 'stdin' | 'tty';
  close(): void;
}

export interface KeySourceOptions {
  readonly stdin: RawInput;
  readonly stdinIsTTY: boolean;
  /** Nothing else reads stdin (--token -, --input - do). */
  readonly stdinFree: boolean;
  readonly stderrIsTTY: boolean;
  readonly signal: AbortSignal;
  readonly openTty?: () => Promise<Readable>;
}

export async function openKeySource(options: KeySourceOptions): Promise<KeySource | undefined> {
  const { stdin } = options;
  if (options.stdinIsTTY) {
    // A terminal on stdin that is busy (a token typed at it, audio from it) keeps it; no keys.
    return options.stdinFree && typeof stdin.setRawMode === 'function'
      ? { input: stdin, from: 'stdin', close: () => undefined }
      : undefined;
  }
  if (!options.stderrIsTTY) return undefined;
  let stream: Readable;
  try {
    stream = await (options.openTty ?? (() => openInput('/dev/tty', options.signal)))();
  } catch {
    // ENXIO: no controlling terminal (CI, a service, setsid): no keys, as with no terminal at all.
    return undefined;
  }
  if (!(stream instanceof TtyReadStream)) {
    stream.destroy();
    return undefined;
  }
  return { input: stream, from: 'tty', close: () => stream.destroy() };
}
