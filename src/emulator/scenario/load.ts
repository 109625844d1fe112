// Reading a `--scenario` file, YAML or JSON (yaml.ts decides which): the shell around
// parseScenario(). Every failure is an EmulatorOptionError naming the file (the command maps it to
// exit 2), never a stack trace.

import path from 'node:path';
import { readFileBounded, TooLargeError } from '../../bounded-read.js';
import { EmulatorOptionError } from '../durations.js';
import { parseScenario, type Scenario } from './schema.js';
import { isYaml, parseJsonScenario, parseYaml } from './yaml.js';

/** Larger than any hand-written script; bounds what one flag can make the emulator hold. */
const MAX_BYTES = 4 * 1024 * 1024;

export async function loadScenario(file: string, signal?: AbortSignal): Promise<Scenario> {
  const name = path.basename(file);
  let text: string;
  try {
    // The one bounded reader (bounded-read.ts): asynchronous, a file's size checked first, a FIFO or
    // /dev/zero read up to the cap and refused past it, so neither a thread nor the loop is held.
    text = (await readFileBounded(file, signal ?? new AbortController().signal, { limit: MAX_BYTES })).toString('utf8');
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof TooLargeError) throw new EmulatorOptionError(`--scenario ${name}: larger than 4 MiB`);
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmulatorOptionError(`--scenario ${name}: cannot read it (${code ?? (error as Error).message})`);
  }
  return parseScenario(isYaml(name, text) ? await parseYaml(text, name) : parseJsonScenario(text, name), name);
}
