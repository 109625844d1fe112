// The emulator's "model" deciding to call a function: the functions a setup declares, and the calls
// a user turn's text asks for. A turn calls every declared function its text names, in order, with
// the JSON object written right after the name as its args (`get_time {"tz":"UTC"}`), else `{}`.
// Pure: the Live session feeds it the effective setup and the turn's text (typed or transcribed).

import { isObject, type JsonObject } from '../json.js';
import { parseJson } from '../../parse/json.js';

export type ToolBehavior = 'BLOCKING' | 'NON_BLOCKING';

export interface DeclaredFunction {
  readonly name: string;
  readonly behavior: ToolBehavior;
}

export interface CallRequest {
  readonly name: string;
  readonly args: JsonObject;
  readonly behavior: ToolBehavior;
}

/** A turn that names more functions than this calls only the first ones (bounded work per turn). */
export const MAX_CALLS_PER_TURN = 8;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * `tools[].functionDeclarations[]` of the effective setup, by name. Entries the emulator cannot use
 * (no string name) are skipped rather than refused: which shapes the real service rejects here is
 * not recorded ("accept where unknown", docs/emulator.md).
 */
export function declaredFunctions(effective: JsonObject): ReadonlyMap<string, DeclaredFunction> {
  const declared = new Map<string, DeclaredFunction>();
  const tools = Array.isArray(effective.tools) ? effective.tools : [];
  for (const tool of tools) {
    const declarations = isObject(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
    for (const declaration of declarations) {
      if (!isObject(declaration) || typeof declaration.name !== 'string' || declaration.name === '') continue;
      // Behavior.UNSPECIFIED and BLOCKING both block (the SDK's enum; only NON_BLOCKING is asynchronous).
      const behavior: ToolBehavior = declaration.behavior === 'NON_BLOCKING' ? 'NON_BLOCKING' : 'BLOCKING';
      if (!declared.has(declaration.name)) declared.set(declaration.name, { name: declaration.name, behavior });
    }
  }
  return declared;
}

/** Each place `name` stands as a whole word (not inside `get_time_zone` or `forget_time`). */
function occurrences(text: string, name: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1];
    const after = text[at + name.length];
    if ((before === undefined || !NAME_CHAR.test(before)) && (after === undefined || !NAME_CHAR.test(after)))
      found.push(at);
  }
  return found;
}

/** The balanced `{…}` starting at `start` (strings and escapes respected), or undefined. */
export function objectAt(text: string, start: number): string | undefined {
  if (text[start] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** The args written after a name (else `{}`) and where they end, so names inside them are not calls. */
function argsAfter(text: string, end: number): { args: JsonObject; end: number } {
  const start = end + (/^\s*/.exec(text.slice(end))?.[0].length ?? 0);
  const candidate = objectAt(text, start);
  if (candidate === undefined) return { args: {}, end };
  // Depth-checked: the args are sent back in a toolCall (JSON.stringify recurses), and the user's
  // text may hold an object 50,000 levels deep.
  const parsed = parseJson(candidate);
  // Not JSON (or too deep): the model "heard" a name without usable arguments.
  if (!parsed.ok) return { args: {}, end };
  return { args: isObject(parsed.value) ? parsed.value : {}, end: start + candidate.length };
}

/** The calls `text` asks for, in the order it names them; empty when it names no declared function. */
export function findCalls(text: string, declared: ReadonlyMap<string, DeclaredFunction>): CallRequest[] {
  const hits: Array<{ at: number; fn: DeclaredFunction }> = [];
  for (const fn of declared.values()) for (const at of occurrences(text, fn.name)) hits.push({ at, fn });
  // At one position the longer name wins (`a.b` over `a`); overlapping later hits are dropped.
  hits.sort((x, y) => x.at - y.at || y.fn.name.length - x.fn.name.length);
  const calls: CallRequest[] = [];
  let covered = -1;
  for (const { at, fn } of hits) {
    if (at < covered) continue;
    const { args, end } = argsAfter(text, at + fn.name.length);
    covered = end;
    calls.push({ name: fn.name, args, behavior: fn.behavior });
    if (calls.length === MAX_CALLS_PER_TURN) break;
  }
  return calls;
}
