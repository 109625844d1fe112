// A --scenario file's text → the plain value schema.ts checks (YAML or JSON, one
// schema), through the one depth-safe parser (parse/): or one EmulatorOptionError line naming the
// file, the line and the column, never quoting the file.

import { EmulatorOptionError } from '../durations.js';
import { MAX_JSON_DEPTH, parseJson } from '../../parse/json.js';
import { parseYaml as parseYamlText } from '../../parse/yaml.js';

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
