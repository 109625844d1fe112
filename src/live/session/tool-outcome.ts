// Pure: what a tool handler printed → the functionResponse the model gets. The convention (README
// "Function calling"): the handler prints one JSON value. An object is the response; any other value
// is wrapped as {"output": value}, the key the API documents for a function's output. A top-level
// "scheduling" of INTERRUPT, WHEN_IDLE or SILENT is lifted out of the object into the response's
// own `scheduling` (how a NON_BLOCKING result is delivered). Anything unusable becomes
// {"error": "…"}: the model is told, the session goes on.

import { SCHEDULINGS, type Scheduling } from '../wire/wire-types.js';
import { parseJson } from '../../parse/json.js';

export interface ToolOutcome {
  readonly response: Readonly<Record<string, unknown>>;
  readonly scheduling?: Scheduling;
  /** The handler failed: `response` is {"error": …}. */
  readonly error?: true;
}

export const NO_HANDLER = 'no tool handler';
/** The answer to a call of a function the session did not declare (no handler runs for it). */
export const UNKNOWN_FUNCTION = 'unknown function';

export function errorOutcome(message: string): ToolOutcome {
  return { response: { error: message }, error: true };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function outcomeFromText(text: string, who: string): ToolOutcome {
  if (text.trim() === '') return errorOutcome(`${who} printed nothing`);
  // Depth-checked: the value is sent on in a toolResponse (JSON.stringify recurses).
  const parsed = parseJson(text);
  if (!parsed.ok)
    return errorOutcome(
      `${who} printed ${parsed.problem.kind === 'depth' ? `JSON ${parsed.problem.detail}` : 'invalid JSON'}`,
    );
  const value = parsed.value;
  if (!isRecord(value)) return { response: { output: value } };
  if (!('scheduling' in value)) return { response: value };
  const { scheduling, ...rest } = value;
  if (!(SCHEDULINGS as readonly unknown[]).includes(scheduling))
    return errorOutcome(
      `${who} printed scheduling ${JSON.stringify(scheduling)}; expected one of ${SCHEDULINGS.join(', ')}`,
    );
  return { response: rest, scheduling: scheduling as Scheduling };
}
