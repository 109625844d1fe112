// Where cassette lines go: the record directory, one append stream per file. Every line passes
// through redactLine() with the one RedactionState of the recording, so placeholders stay stable
// across files (a mint in rest.ndjson and the session that used its token). A directory that
// already holds cassettes is appended to: they are read first (a line replay could not load stops
// the recorder before it writes anything), and Live file numbers, REST ids and placeholders carry
// on after theirs.

import { createWriteStream, mkdirSync, readdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { LIVE_FILE, REST_FILE, liveFileName, type CassetteLine } from './cassette.js';
import { parseLines, readCassetteText } from './cassette-lines.js';
import { continuation, type Continuation } from './continuation.js';
import { newRedactionState, redactLine, type RedactionState } from './redact.js';

export interface CassetteFile {
  readonly name: string;
  write(line: CassetteLine): void;
  end(): void;
}

/**
 * mkdir -p without Node's `recursive: true`, which loops forever (holding the loop: SIGTERM ignored)
 * where a parent exists but the child cannot be made and reads as missing (`/proc/self/x`): each
 * level is tried once, so a path the system will not create fails with its own error.
 */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDir(parent);
    mkdirSync(dir);
  }
}

/** What a directory holds before this recording: the numbers to carry on from, and whether rest.ndjson lacks its last newline. */
interface Existing extends Continuation {
  readonly live: number;
  readonly restUnterminated: boolean;
}

async function readExisting(dir: string, signal?: AbortSignal): Promise<Existing> {
  let names: string[];
  try {
    makeDir(dir);
    names = readdirSync(dir).filter((name) => name === REST_FILE || LIVE_FILE.test(name)).sort();
  } catch (error) {
    throw new EmulatorOptionError(`--record: cannot write to "${dir}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const texts: string[] = [];
  for (const name of names) texts.push(await readCassetteText(path.join(dir, name), `--record: cannot append to "${dir}"`, signal));
  const lines = texts.map((text, i) => parseLines(text, names[i]!, `--record: cannot append to "${dir}"`));
  const rest = texts[names.indexOf(REST_FILE)];
  return {
    ...continuation(lines),
    live: Math.max(0, ...names.map((name) => Number(LIVE_FILE.exec(name)?.[1] ?? 0))),
    restUnterminated: rest !== undefined && rest !== '' && !rest.endsWith('\n'),
  };
}

export class CassetteWriter {
  private readonly state: RedactionState;
  private readonly open = new Set<WriteStream>();
  private next: number;
  private readonly restUnterminated: boolean;
  /** What the directory held when this recording started (all 0 for a new one). */
  readonly continued: Readonly<Continuation & { live: number }>;

  /** A writer for `dir`, after reading what it already holds (bounded, asynchronous: cassette-lines.ts). */
  static async open(dir: string, signal?: AbortSignal): Promise<CassetteWriter> {
    return new CassetteWriter(dir, await readExisting(dir, signal));
  }

  private constructor(readonly dir: string, existing: Existing) {
    this.continued = { live: existing.live, restId: existing.restId, placeholder: existing.placeholder };
    this.state = newRedactionState(existing.placeholder);
    this.next = existing.live + 1;
    this.restUnterminated = existing.restUnterminated;
  }

  /** The file of the next Live session. */
  session(): CassetteFile {
    return this.file(liveFileName(this.next++));
  }

  rest(): CassetteFile {
    // A last line without its newline (cut, or edited by hand) would run into the first new one.
    return this.file(REST_FILE, this.restUnterminated ? '\n' : '');
  }

  private file(name: string, lead = ''): CassetteFile {
    const stream = createWriteStream(path.join(this.dir, name), { flags: 'a' });
    if (lead !== '') stream.write(lead);
    // Until its last line is on disk, not only until end(): close() waits for a session that ended
    // just before the recorder stopped, whose lines the process exit would otherwise cut.
    this.open.add(stream);
    stream.on('close', () => this.open.delete(stream));
    // A full disk must not take the proxy down: the session goes on, the log says why.
    stream.on('error', () => undefined);
    return {
      name,
      write: (line) => {
        if (!stream.writableEnded && !stream.destroyed) stream.write(`${JSON.stringify(redactLine(line, this.state))}\n`);
      },
      end: () => void stream.end(),
    };
  }

  /** Ends every file still open and waits until each one, ended now or before, is flushed and closed. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.open].map(
        (stream) =>
          new Promise<void>((resolve) => {
            if (stream.closed) return resolve();
            stream.once('close', () => resolve());
            if (!stream.destroyed && !stream.writableEnded) stream.end();
          }),
      ),
    );
    this.open.clear();
  }
}
