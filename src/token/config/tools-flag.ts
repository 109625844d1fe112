// --tools (talk and mint): function declarations to offer the model, in either of two shapes — a list
// of the SDK's FunctionDeclaration objects, or a `tools` array as the Live setup takes it (a single
// tool object is accepted too). Given inline, as @file, or as a path ending in .json. Keys are checked
// by name like --config's: a typo in a declaration would otherwise silently offer the model less.
// The result is the SDK form; tools.ts maps it to the wire.

import { UsageError } from '../../errors.js';
import { choicesNote, didYouMean } from '../../suggest.js';
import { isJsonObject, MAX_CONFIG_DEPTH, type Json, type JsonObject } from './json.js';
import { parseJson } from '../../parse/json.js';
import { TOOL_FIELDS } from './config-schema.js';
import { readFileOrFail, type TextIo } from '../text-io.js';
import { MISSING_FILE_HINT } from '../../file-error.js';

const DECLARATION_KEYS = [
  'name',
  'description',
  'parameters',
  'parametersJsonSchema',
  'response',
  'responseJsonSchema',
  'behavior',
];
const BEHAVIORS = ['BLOCKING', 'NON_BLOCKING', 'UNSPECIFIED'];
// The API's rule for function names: letters, digits, _ . : -, starting with a letter or _, at most 128.
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

export async function loadToolsFlag(value: string, io: TextIo, flag = '--tools'): Promise<Json[]> {
  const trimmed = value.trim();
  if (trimmed === '')
    throw new UsageError(
      `${flag} is empty`,
      `give a JSON file, @file or inline JSON, e.g. ${flag} '[{"name":"get_time"}]'`,
    );
  const inline = trimmed.startsWith('[') || trimmed.startsWith('{');
  const path = trimmed.startsWith('@') ? trimmed.slice(1) : trimmed;
  const source = inline ? flag : `${flag} ${path}`;
  const text = inline
    ? trimmed
    : await readFileOrFail(
        io,
        flag,
        path,
        `${MISSING_FILE_HINT}, or give the JSON itself: ${flag} '[{"name":"get_time"}]'`,
      );
  // Only a position in the error, never the text (a key file named by mistake would be quoted); the
  // tools join --config, so the same depth bound holds (the checks and the SDK walk them recursively).
  const parsed = parseJson(text, { maxDepth: MAX_CONFIG_DEPTH });
  if (!parsed.ok)
    throw new UsageError(
      `${source} is ${parsed.problem.message}`,
      `e.g. ${flag} '[{"name":"get_time","description":"the current time"}]'`,
    );
  return normalizeTools(parsed.value as Json, source);
}

/** Pure: either accepted shape → a checked `tools` array (SDK form). */
export function normalizeTools(value: Json, source: string): Json[] {
  if (isJsonObject(value)) return normalizeTools([value], source);
  if (!Array.isArray(value) || value.length === 0)
    throw new UsageError(`${source} must be a non-empty list of function declarations or tools`);
  const declarations = value.every((entry) => isJsonObject(entry) && 'name' in entry);
  const tools: Json[] = declarations ? [{ functionDeclarations: value }] : value;
  const names = new Map<string, string>();
  tools.forEach((tool, i) => {
    const path = declarations ? '' : `[${i}]`;
    if (!isJsonObject(tool))
      throw new UsageError(`${source}: "${path || '[0]'}" must be an object (a function declaration or a tool)`);
    checkKeys(tool, TOOL_FIELDS, path, source);
    const list = tool.functionDeclarations;
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw new UsageError(`${source}: "${path}.functionDeclarations" must be an array`);
    list.forEach((declaration, j) =>
      checkDeclaration(declaration, declarations ? `[${j}]` : `${path}.functionDeclarations[${j}]`, source, names),
    );
  });
  return tools;
}

function checkDeclaration(value: Json, path: string, source: string, names: Map<string, string>): void {
  if (!isJsonObject(value)) throw new UsageError(`${source}: "${path}" must be a function declaration object`);
  checkKeys(value, DECLARATION_KEYS, path, source);
  const { name, behavior } = value;
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
    throw new UsageError(`${source}: "${path}.name" must be a function name (letters, digits, _ . : -, at most 128)`);
  }
  // Said by position, never by the name: an error never quotes a value from the user's file.
  const first = names.get(name);
  if (first !== undefined)
    throw new UsageError(`${source}: "${path}.name" is the name "${first}.name" already declares`);
  names.set(name, path);
  if (behavior !== undefined && (typeof behavior !== 'string' || !BEHAVIORS.includes(behavior))) {
    throw new UsageError(
      `${source}: "${path}.behavior" must be one of ${BEHAVIORS.join(', ')}`,
      typeof behavior === 'string' ? didYouMean(behavior, BEHAVIORS) : undefined,
    );
  }
  for (const key of ['parameters', 'parametersJsonSchema', 'response', 'responseJsonSchema']) {
    if (value[key] !== undefined && !isJsonObject(value[key]))
      throw new UsageError(`${source}: "${path}.${key}" must be a schema object`);
  }
}

function checkKeys(value: JsonObject, allowed: readonly string[], path: string, source: string): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined)
    throw new UsageError(
      `${source}: unknown key "${path ? `${path}.` : ''}${unknown}" (${choicesNote(unknown, allowed, 'allowed')})`,
    );
}
