// `gemtoken emulator --export-scenario <dir | live-NNNN.ndjson>`: the I/O around exportScenario().
// A directory must hold one conversation; a cassette names the conversation it belongs to (the
// resumes before and after it are found among its neighbours). Errors are EmulatorOptionErrors
// (exit 2) naming the file and line.

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { LIVE_FILE, REST_FILE } from '../record/cassette.js';
import { readLines } from '../record/cassette-lines.js';
import { exportScenario, type Exported } from './to-scenario.js';

const FLAG = '--export-scenario';

export async function exportFrom(target: string, signal?: AbortSignal): Promise<Exported> {
  if (!existsSync(target)) throw new EmulatorOptionError(`${FLAG}: no cassette or directory "${target}"`);
  const isDir = statSync(target).isDirectory();
  const dir = isDir ? target : path.dirname(target);
  const pick = isDir ? undefined : path.basename(target);
  if (pick === REST_FILE)
    throw new EmulatorOptionError(
      `${FLAG}: ${REST_FILE} holds the REST exchanges only; name a live-NNNN.ndjson cassette or its directory`,
    );
  const names = readdirSync(dir)
    .filter((name) => LIVE_FILE.test(name))
    .sort();
  // A cassette renamed by hand is exported on its own.
  const files = pick !== undefined && !LIVE_FILE.test(pick) ? [pick] : names;
  if (files.length === 0) throw new EmulatorOptionError(`${FLAG}: no Live cassettes (live-NNNN.ndjson) in "${dir}"`);
  const live: Array<{ file: string; lines: Awaited<ReturnType<typeof readLines>> }> = [];
  for (const file of files) live.push({ file, lines: await readLines(path.join(dir, file), FLAG, signal) });
  const rest = existsSync(path.join(dir, REST_FILE)) ? await readLines(path.join(dir, REST_FILE), FLAG, signal) : [];
  return exportScenario(live, rest, pick);
}
