// YAML scenario files (issue 13: "YAML or JSON, one schema"): text → the same plain value JSON.parse
// would give, or one EmulatorOptionError line naming the line and column. The parser loads only
// when a YAML file is read. YAML 1.2: `yes`/`on` stay strings; duplicate keys are errors, as a
// silently dropped turn field would be.

import { EmulatorOptionError } from '../durations.js';

/** Aliases a file may expand: enough for any hand-written script, too few for an alias bomb. */
const MAX_ALIASES = 100;

export async function parseYaml(text: string, name: string): Promise<unknown> {
  const { LineCounter, parseDocument, visit } = await import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, lineCounter: lines });
  const fail = (at: { line: number; col: number } | undefined, message: string): never => {
    throw new EmulatorOptionError(`--scenario ${name}: not YAML: ${at ? `line ${at.line}, column ${at.col}: ` : ''}${message}`);
  };
  const error = doc.errors[0];
  if (error) fail(error.linePos?.[0], error.message.split(' at line ')[0]!.split('\n')[0]!);
  // The parser finds an alias without its anchor only while converting, with no position: look first.
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) fail(lines.linePos(node.range?.[0] ?? 0), `*${node.source} names no anchor (&${node.source}) above it`);
    },
  });
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (problem) {
    throw new EmulatorOptionError(`--scenario ${name}: not YAML: ${(problem as Error).message.split('\n')[0]}`);
  }
}

/** Which parser a file gets: by its extension, else by its first character (`{`: JSON). */
export function isYaml(file: string, text: string): boolean {
  if (/\.ya?ml$/i.test(file)) return true;
  if (/\.json$/i.test(file)) return false;
  return !/^\s*[{[]/.test(text);
}
