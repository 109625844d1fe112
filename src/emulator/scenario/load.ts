// Reading a `--scenario` file, YAML or JSON (isYaml below decides which): the shell around
// parseScenario(). Every failure is an EmulatorOptionError naming the file (the command maps it to
// exit 2), never a stack trace.

import path from 'node:path';
import { readFileBounded, TooLargeError } from '../../bounded-read.js';
import { EmulatorOptionError } from '../durations.js';
import { parseScenario, type Scenario } from './schema.js';
import { MAX_JSON_DEPTH, parseJson } from '../../parse/json.js';
import { parseYaml as parseYamlText } from '../../parse/yaml.js';

export async function loadScenario(file: string, signal?: AbortSignal): Promise<Scenario> {
  const name = path.basename(file);
  let text: string;
  try {
    // The one bounded reader (bounded-read.ts): asynchronous, a file's size checked first, a FIFO or
    // /dev/zero read up to the cap and refused past it, so neither a thread nor the loop is held.
    text = (
      await readFileBounded(file, signal ?? new AbortController().signal, { limit: MAX_SCENARIO_BYTES })
    ).toString('utf8');
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof TooLargeError) throw new EmulatorOptionError(`--scenario ${name}: larger than 4 MiB`);
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmulatorOptionError(`--scenario ${name}: cannot read it (${code ?? (error as Error).message})`);
  }
  return parseScenario(isYaml(name, text) ? await parseYaml(text, name) : parseJsonScenario(text, name), name);
}

// A --scenario file's text → the plain value schema.ts checks (YAML or JSON, one
// schema), through the one depth-safe parser (parse/): or one EmulatorOptionError line naming the
// file, the line and the column, never quoting the file.

/** Larger than any hand-written script; bounds what one flag can make the emulator hold. */
const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** Aliases a file may expand: enough for any hand-written script, too few for an alias bomb. */
const MAX_ALIASES = 100;
/** Deepest nesting (tool-call args included); gemtoken's own bound, the same as for a frame. */
const MAX_DEPTH = MAX_JSON_DEPTH;

export async function parseYaml(text: string, name: string): Promise<unknown> {
  const parsed = await parseYamlText(text, {
    maxDepth: MAX_DEPTH,
    maxBytes: MAX_SCENARIO_BYTES,
    maxAliases: MAX_ALIASES,
  });
  if (parsed.ok) return parsed.value;
  const { line, column, detail } = parsed.problem;
  throw new EmulatorOptionError(`--scenario ${name}: not YAML: line ${line}, column ${column}: ${detail}`);
}

export function parseJsonScenario(text: string, name: string): unknown {
  const parsed = parseJson(text, { maxDepth: MAX_DEPTH, maxBytes: MAX_SCENARIO_BYTES });
  if (parsed.ok) return parsed.value;
  const hint = parsed.problem.kind === 'syntax' ? '; name a YAML file .yaml or .yml' : '';
  throw new EmulatorOptionError(`--scenario ${name}: ${parsed.problem.message}${hint}`);
}

/** Which parser a file gets: by its extension, else by its first character (`{`: JSON). */
export function isYaml(file: string, text: string): boolean {
  if (/\.ya?ml$/i.test(file)) return true;
  if (/\.json$/i.test(file)) return false;
  return !/^\s*[{[]/.test(text);
}
