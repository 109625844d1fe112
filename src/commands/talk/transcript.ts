// --transcript <file.jsonl>: one JSON line per finished turn, written as the conversation goes so
// a crash or Ctrl-C keeps everything up to the last turn. A function call gets its own line when it
// is answered or cancelled: {"time","tool","id","args","response"|"cancelled","durationMs"}.

import { createWriteStream, type WriteStream } from 'node:fs';
import { UsageError } from '../../errors.js';
import type { TalkEvent } from '../../live/session/events.js';
import type { DisposerStack } from './disposers.js';

export async function openTranscript(path: string, stack: DisposerStack, now: () => number, redact: (text: string) => string): Promise<(event: TalkEvent) => void> {
  const stream: WriteStream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot write --transcript ${path}: ${error.message}`)));
  });
  stream.on('error', () => undefined);
  stack.defer('transcript', () => new Promise<void>((resolve) => stream.end(resolve)));
  let heardMs: number | undefined;
  const toolArgs = new Map<string, unknown>();
  const write = (record: object): void => void stream.write(`${redact(JSON.stringify(record))}\n`);
  return (event) => {
    if (event.type === 'interrupted') heardMs = event.heardMs;
    if (event.type === 'toolCall') toolArgs.set(event.id, event.args);
    if (event.type === 'toolResult' || event.type === 'toolCancelled') {
      const args = toolArgs.get(event.id) ?? {};
      toolArgs.delete(event.id);
      const outcome = event.type === 'toolResult' ? { response: event.response, ...(event.scheduling ? { scheduling: event.scheduling } : {}) } : { cancelled: true };
      return write({ time: new Date(now()).toISOString(), tool: event.name, id: event.id, args, ...outcome, durationMs: event.durationMs });
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
