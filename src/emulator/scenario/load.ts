// Reading a `--scenario` file, YAML or JSON (yaml.ts decides which): the shell around
// parseScenario(). Every failure is an EmulatorOptionError naming the file (the command maps it to
// exit 2), never a stack trace.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { parseScenario, type Scenario } from './schema.js';
import { isYaml, parseJsonScenario, parseYaml } from './yaml.js';

/** Larger than any hand-written script; bounds what one flag can make the emulator hold. */
const MAX_BYTES = 4 * 1024 * 1024;

export async function loadScenario(file: string): Promise<Scenario> {
  const name = path.basename(file);
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_BYTES) throw new EmulatorOptionError(`--scenario ${name}: larger than 4 MiB`);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof EmulatorOptionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmulatorOptionError(`--scenario ${name}: cannot read it (${code ?? (error as Error).message})`);
  }
  return parseScenario(isYaml(name, text) ? await parseYaml(text, name) : parseJsonScenario(text, name), name);
}
