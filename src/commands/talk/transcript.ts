// --transcript <file.jsonl>: one JSON line per finished turn, written as the conversation goes so
// a crash or Ctrl-C keeps everything up to the last turn.

import { createWriteStream, type WriteStream } from 'node:fs';
import { UsageError } from '../../errors.js';
import type { TalkEvent } from '../../live/session/events.js';
import { escapeJsonForTerminal } from '../../printable.js';
import type { DisposerStack } from './disposers.js';

export async function openTranscript(path: string, stack: DisposerStack, now: () => number, redact: (text: string) => string): Promise<(event: TalkEvent) => void> {
  const stream: WriteStream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot write --transcript ${path}: ${error.message}`)));
  });
  // A write that fails later (a full disk) must not pass silently: the lines are lost, so the close
  // rejects and talk exits 2 once the session is over (run.ts), naming the file.
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  stack.defer('transcript', async () => {
    await new Promise<void>((resolve) => stream.end(() => resolve()));
    if (failure) throw new UsageError(`cannot write --transcript ${path}: ${failure.message}`, 'turns were lost: free some space or choose another file', { cause: failure });
  });
  let heardMs: number | undefined;
  return (event) => {
    if (event.type === 'interrupted') heardMs = event.heardMs;
    if (event.type !== 'turn') return;
    const record = {
      time: new Date(now()).toISOString(),
      turn: event.turn,
      user: event.user,
      model: event.model,
      interrupted: event.interrupted,
      ...(event.interrupted && heardMs !== undefined ? { heardMs } : {}),
      audioMs: event.audioMs,
    };
    heardMs = undefined;
    // Someone will `cat` this file: C1 and bidi controls are escaped like C0 (the value is unchanged).
    stream.write(`${escapeJsonForTerminal(redact(JSON.stringify(record)))}\n`);
  };
}
