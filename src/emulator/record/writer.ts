// Where cassette lines go: the record directory, one append stream per file. Every line passes
// through redactLine() with the one RedactionState of the recording, so placeholders stay stable
// across files (a mint in rest.ndjson and the session that used its token).

import { createWriteStream, mkdirSync, readdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { LIVE_FILE, REST_FILE, liveFileName, type CassetteLine } from './cassette.js';
import { newRedactionState, redactLine } from './redact.js';

export interface CassetteFile {
  readonly name: string;
  write(line: CassetteLine): void;
  end(): void;
}

export class CassetteWriter {
  private readonly state = newRedactionState();
  private readonly open = new Set<WriteStream>();
  private next: number;

  constructor(readonly dir: string) {
    let taken: number[];
    try {
      mkdirSync(dir, { recursive: true });
      // A second recording into the same directory adds sessions after the ones already there.
      taken = readdirSync(dir).map((name) => Number(LIVE_FILE.exec(name)?.[1] ?? 0));
    } catch (error) {
      throw new EmulatorOptionError(`--record: cannot write to "${dir}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    this.next = Math.max(0, ...taken) + 1;
  }

  /** The file of the next Live session. */
  session(): CassetteFile {
    return this.file(liveFileName(this.next++));
  }

  rest(): CassetteFile {
    return this.file(REST_FILE);
  }

  private file(name: string): CassetteFile {
    const stream = createWriteStream(path.join(this.dir, name), { flags: 'a' });
    this.open.add(stream);
    // A full disk must not take the proxy down: the session goes on, the log says why.
    stream.on('error', () => this.open.delete(stream));
    return {
      name,
      write: (line) => {
        if (!stream.writableEnded && !stream.destroyed) stream.write(`${JSON.stringify(redactLine(line, this.state))}\n`);
      },
      end: () => {
        this.open.delete(stream);
        stream.end();
      },
    };
  }

  /** Flushes and closes every file still open. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.open].map((stream) => new Promise<void>((resolve) => (stream.destroyed ? resolve() : stream.end(resolve)))),
    );
    this.open.clear();
  }
}
