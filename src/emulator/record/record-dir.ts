// The record directory is checked before anything listens: a recorder that cannot write would proxy a
// whole session and keep nothing, silently. It must be creatable and writable (proved by writing a probe
// file, since permission bits say nothing to root or a read-only mount), and every cassette already in
// it must be a regular file: a symlinked rest.ndjson would have the recording (and whatever a redaction
// misses) written wherever the link points. Cassettes are then opened with O_NOFOLLOW and created 0600
// (writer.ts), so a link planted while recording is refused too, as a write error.

import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { LIVE_FILE, REST_FILE } from './cassette.js';

/** How a cassette is opened: appended to, created owner-only, never through a symbolic link, never waiting on a FIFO. */
export const CASSETTE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NONBLOCK;
export const CASSETTE_MODE = 0o600;

const reason = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

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

export function prepareRecordDir(dir: string): void {
  let names: string[];
  try {
    makeDir(dir);
    names = readdirSync(dir);
  } catch (error) {
    throw new EmulatorOptionError(`--record: cannot write to "${dir}" (${reason(error)})`);
  }
  for (const name of names.filter((entry) => entry === REST_FILE || LIVE_FILE.test(entry))) {
    const stats = lstatSync(path.join(dir, name), { throwIfNoEntry: false });
    if (stats && !stats.isFile()) {
      const what = stats.isSymbolicLink()
        ? 'a symbolic link; cassettes are never written through one'
        : 'not a regular file';
      throw new EmulatorOptionError(`--record: "${path.join(dir, name)}" is ${what}`);
    }
  }
  const probe = path.join(dir, `.gemtoken-write-check-${process.pid}-${Date.now()}`);
  try {
    const fd = openSync(
      probe,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      CASSETTE_MODE,
    );
    try {
      writeSync(fd, '\n');
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  } catch (error) {
    throw new EmulatorOptionError(`--record: cannot write to "${dir}" (${reason(error)})`);
  }
}
