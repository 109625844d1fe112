// Reading cassette files back: --replay and --export-scenario read them to serve or export, and
// --record reads a directory's existing cassettes before appending to it. One reader for all three,
// so what the recorder accepts to append to is exactly what the replayer can load.

import path from 'node:path';
import { readFileBounded, TooLargeError } from '../../bounded-read.js';
import { EmulatorOptionError } from '../durations.js';
import { MAX_LINE_DEPTH, type CassetteLine } from './cassette.js';
import { cassetteLineProblem } from './line-check.js';
import { parseJson } from '../../parse/json.js';

/**
 * A file's text as cassette lines (blank lines skipped), each depth-checked and wholly validated
 * (line-check.ts); a line that is not one throws an EmulatorOptionError `<prefix>: <name> line N …`
 * naming the column or the field, never the line's content. Pure.
 */
export function parseLines(text: string, name: string, prefix: string): CassetteLine[] {
  return text.split('\n').flatMap((raw, i) => {
    if (raw.trim() === '') return [];
    const parsed = parseJson(raw, { maxDepth: MAX_LINE_DEPTH });
    const problem = parsed.ok
      ? cassetteLineProblem(parsed.value)
      : parsed.problem.message.replace(/ at line 1, column /, ' at column ');
    if (problem !== undefined)
      throw new EmulatorOptionError(`${prefix}: ${name} line ${i + 1} is not a cassette line (${problem})`);
    return [(parsed as { value: CassetteLine }).value];
  });
}

/** What one cassette file may hold: a connection's audio recorded both ways fits (10 min of 16 kHz in and 24 kHz out is ~64 MB as base64); /dev/zero does not. */
export const MAX_CASSETTE_BYTES = 128 * 1024 * 1024;

/**
 * A cassette file's text through the one bounded reader (bounded-read.ts): never a synchronous read
 * (a FIFO would block a thread and Node could not exit on a signal), a regular file measured first,
 * a FIFO, device or /proc file read up to MAX_CASSETTE_BYTES and refused past it. Every failure is
 * an EmulatorOptionError `<prefix>: <name> …`.
 */
export async function readCassetteText(file: string, prefix: string, signal?: AbortSignal): Promise<string> {
  const name = path.basename(file);
  try {
    return (
      await readFileBounded(file, signal ?? new AbortController().signal, { limit: MAX_CASSETTE_BYTES })
    ).toString('utf8');
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof TooLargeError)
      throw new EmulatorOptionError(`${prefix}: ${name} is ${error.message}, the limit for a cassette file`);
    throw new EmulatorOptionError(
      `${prefix}: ${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** A cassette file's lines; a line that is not one stops with an EmulatorOptionError naming `prefix` (the flag), the file and the line. */
export async function readLines(file: string, prefix = '--replay', signal?: AbortSignal): Promise<CassetteLine[]> {
  return parseLines(await readCassetteText(file, prefix, signal), path.basename(file), prefix);
}

export interface RestPair {
  readonly request: CassetteLine;
  readonly response: CassetteLine | undefined;
}

/**
 * rest.ndjson's exchanges in request order, each request with its answer: the first rest-response
 * after it with the same "id" that no later request of that id took first. Ids are unique within a
 * directory since recordings append (continuation.ts); a directory appended to before that restarts
 * them at 1 with each recording, and this still pairs each request with its own recording's answer.
 * Pure.
 */
export function pairRest(lines: readonly CassetteLine[]): RestPair[] {
  const pairs: Array<{ request: CassetteLine; response: CassetteLine | undefined }> = [];
  const waiting = new Map<unknown, number>();
  for (const line of lines) {
    if (line.kind === 'rest-request') {
      waiting.set(line['id'], pairs.length);
      pairs.push({ request: line, response: undefined });
    } else if (line.kind === 'rest-response') {
      const at = waiting.get(line['id']);
      if (at === undefined) continue;
      pairs[at]!.response = line;
      waiting.delete(line['id']);
    }
  }
  return pairs;
}
