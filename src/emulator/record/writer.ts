// Where cassette lines go: the record directory, one append stream per file. Every line passes
// through redactLine() with the one RedactionState of the recording, so placeholders stay stable
// across files (a mint in rest.ndjson and the session that used its token). A directory that
// already holds cassettes is appended to: they are read first (a line replay could not load stops
// the recorder before it writes anything), and Live file numbers, REST ids and placeholders carry
// on after theirs.

import { createWriteStream, readdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { LIVE_FILE, REST_FILE, liveFileName, type CassetteLine } from './cassette.js';
import { parseLines, readCassetteText } from './cassette-lines.js';
import { continuation, type Continuation } from './continuation.js';
import type { SecretRegistry } from '../../redact.js';
import { learnKeys, newRedactionState, redactLine, type RedactionState } from './redact.js';
import { CASSETTE_FLAGS, CASSETTE_MODE, prepareRecordDir } from './record-dir.js';

export interface CassetteFile {
  readonly name: string;
  write(line: CassetteLine): void;
  end(): void;
}

/** What a directory holds before this recording: the numbers to carry on from, and whether rest.ndjson lacks its last newline. */
interface Existing extends Continuation {
  readonly live: number;
  readonly restUnterminated: boolean;
}

/** What `dir` (already prepared: record-dir.ts) holds; read bounded and asynchronously (cassette-lines.ts). */
async function readExisting(dir: string, signal?: AbortSignal): Promise<Existing> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name === REST_FILE || LIVE_FILE.test(name))
      .sort();
  } catch (error) {
    throw new EmulatorOptionError(
      `--record: cannot write to "${dir}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  const texts: string[] = [];
  for (const name of names)
    texts.push(await readCassetteText(path.join(dir, name), `--record: cannot append to "${dir}"`, signal));
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

  /**
   * A writer for `dir`, once it is proved writable and what it already holds is read.
   * `onFailure`: a cassette could not be written (a full disk, a link planted meanwhile); called once.
   * `secrets`: the emulator's one registry; the keys clients send are learned into it.
   */
  static async open(
    dir: string,
    options: {
      readonly signal?: AbortSignal;
      readonly onFailure?: (error: Error) => void;
      readonly secrets?: SecretRegistry;
    } = {},
  ): Promise<CassetteWriter> {
    prepareRecordDir(dir);
    return new CassetteWriter(
      dir,
      await readExisting(dir, options.signal),
      options.onFailure ?? (() => undefined),
      options.secrets,
    );
  }

  private constructor(
    readonly dir: string,
    existing: Existing,
    private readonly onFailure: (error: Error) => void,
    secrets?: SecretRegistry,
  ) {
    this.continued = { live: existing.live, restId: existing.restId, placeholder: existing.placeholder };
    this.state = newRedactionState(existing.placeholder, secrets);
    this.next = existing.live + 1;
    this.restUnterminated = existing.restUnterminated;
  }

  /** A request has arrived (its line may be written much later): its keys are scrubbed from every line written from now on. */
  readonly learn = (path: string, headers: Readonly<Record<string, unknown>>): void =>
    learnKeys(path, headers, this.state.secrets);

  /** The file of the next Live session. */
  session(): CassetteFile {
    return this.file(liveFileName(this.next++));
  }

  rest(): CassetteFile {
    // A last line without its newline (cut, or edited by hand) would run into the first new one.
    return this.file(REST_FILE, this.restUnterminated ? '\n' : '');
  }

  private file(name: string, lead = ''): CassetteFile {
    // Numeric flags (fs.open takes them; the stream's typings only list the string forms): O_NOFOLLOW has no letter.
    const stream = createWriteStream(path.join(this.dir, name), {
      flags: CASSETTE_FLAGS as unknown as string,
      mode: CASSETTE_MODE,
    });
    if (lead !== '') stream.write(lead);
    // Until its last line is on disk, not only until end(): close() waits for a session that ended
    // just before the recorder stopped, whose lines the process exit would otherwise cut.
    this.open.add(stream);
    stream.on('close', () => this.open.delete(stream));
    // A line that cannot be written is a recording with a hole: the owner stops the recorder (the CLI exits 2).
    stream.on('error', (error) =>
      this.fail(
        new Error(
          `cannot write ${path.join(this.dir, name)} (${(error as NodeJS.ErrnoException).code ?? error.message})`,
          { cause: error },
        ),
      ),
    );
    return {
      name,
      write: (line) => {
        if (!stream.writableEnded && !stream.destroyed)
          stream.write(`${JSON.stringify(redactLine(line, this.state))}\n`);
      },
      end: () => void stream.end(),
    };
  }

  private failed = false;

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.onFailure(error);
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
