// --transcript <file.jsonl>: one JSON line per finished turn, written as the conversation goes so
// a crash or Ctrl-C keeps everything up to the last turn. Each line goes out in one write, and the
// stream is ended (not dropped) on every way out, a stop signal included, so the last line is whole.
// A function call gets its own line when it is answered or cancelled:
// {"time","tool","id","args","response"|"cancelled","durationMs"}.

import { GemtokenError } from '../../errors.js';
import { openOutput, type OutputOptions } from '../../file-streams.js';
import { fileWriteError } from '../../file-error.js';
import type { TalkEvent } from '../../live/session/events.js';
import { escapeJsonForTerminal } from '../../printable.js';
import type { DisposerStack } from './disposers.js';
import { definedProps } from '../../defined-props.js';

/** `opening`: the signal that ends a wait for a FIFO's reader, and what to say while waiting. */
export interface TranscriptOpening {
  readonly signal: AbortSignal;
  readonly onWaiting?: OutputOptions['onWaiting'];
}

export async function openTranscript(
  path: string,
  stack: DisposerStack,
  now: () => number,
  redact: (text: string) => string,
  opening: TranscriptOpening = { signal: new AbortController().signal },
): Promise<(event: TalkEvent) => void> {
  const { stream } = await openOutput(
    path,
    opening.signal,
    opening.onWaiting ? { onWaiting: opening.onWaiting } : {},
  ).catch((error: unknown) => {
    if (error instanceof GemtokenError || opening.signal.aborted) throw error;
    throw fileWriteError('--transcript', path, error);
  });
  // A write that fails later (a full disk) must not pass silently: the lines are lost, so the close
  // rejects and talk exits 2 once the session is over (run.ts), naming the file.
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  stack.defer('transcript', async () => {
    // A failed write destroys the stream: its own error (stream.errored) is the one to report, and
    // it may be known before the 'error' event has been emitted.
    if (!stream.destroyed) await new Promise<void>((resolve) => stream.end(() => resolve()));
    failure = stream.errored ?? failure;
    if (failure)
      throw fileWriteError('--transcript', path, failure, 'turns were lost: free some space or choose another file');
  });
  let heardMs: number | undefined;
  const toolArgs = new Map<string, unknown>();
  // Someone will `cat` this file: C1 and bidi controls are escaped like C0 (the value is unchanged).
  const write = (record: object): void =>
    void stream.write(`${escapeJsonForTerminal(redact(JSON.stringify(record)))}\n`);
  return (event) => {
    if (event.type === 'interrupted') heardMs = event.heardMs;
    if (event.type === 'toolCall') toolArgs.set(event.id, event.args);
    if (event.type === 'toolResult' || event.type === 'toolCancelled') {
      const args = toolArgs.get(event.id) ?? {};
      toolArgs.delete(event.id);
      const outcome =
        event.type === 'toolResult'
          ? { response: event.response, ...definedProps({ scheduling: event.scheduling }) }
          : { cancelled: true };
      return write({
        time: new Date(now()).toISOString(),
        tool: event.name,
        id: event.id,
        args,
        ...outcome,
        durationMs: event.durationMs,
      });
    }
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
    write(record);
  };
}
