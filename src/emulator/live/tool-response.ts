// Decoding a client `toolResponse` (https://ai.google.dev/api/live; FunctionResponse as @google/genai 2.32 types
// it): `{"functionResponses":[{"id","name","response",…}]}`. Shape errors close 1007 like every
// other malformed client message; whether the ids match is the ledger's business (tool-ledger.ts).

import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import { checkFields, type Decoded } from './client-message.js';
import { isObject, type JsonObject } from '../json.js';

export const SCHEDULINGS = ['SCHEDULING_UNSPECIFIED', 'SILENT', 'WHEN_IDLE', 'INTERRUPT'] as const;
export type Scheduling = (typeof SCHEDULINGS)[number];

export interface FunctionResponseIn {
  readonly id: string;
  readonly name: string | undefined;
  readonly response: JsonObject;
  readonly scheduling: Scheduling | undefined;
  /** NON_BLOCKING generators: more responses for the same id follow. */
  readonly willContinue: boolean;
}

const FIELDS = ['id', 'name', 'response', 'parts', 'scheduling', 'willContinue'];

function bad(reason: string): { ok: false; close: CloseSpec } {
  return { ok: false, close: { code: CloseCode.invalidPayload, reason } };
}

function item(value: unknown, at: string): Decoded<FunctionResponseIn> {
  if (!isObject(value)) return bad(Reason.invalidArgument);
  const problem = checkFields(value, FIELDS, at);
  if (problem) return { ok: false, close: problem };
  const { id, name, response, scheduling, willContinue } = value;
  if (typeof id !== 'string' || id === '')
    return bad(`${at}.id is required: it must be the id of the toolCall's function call.`);
  if (name !== undefined && typeof name !== 'string') return bad(`Invalid value at '${at}.name' (TYPE_STRING)`);
  if (response !== undefined && !isObject(response))
    return bad(`Invalid value at '${at}.response' (type.googleapis.com/google.protobuf.Struct)`);
  if (scheduling !== undefined && !(SCHEDULINGS as readonly unknown[]).includes(scheduling)) {
    return bad(
      `Invalid value at '${at}.scheduling' (type.googleapis.com/google.ai.generativelanguage.v1alpha.FunctionResponse.Scheduling)`,
    );
  }
  if (willContinue !== undefined && typeof willContinue !== 'boolean')
    return bad(`Invalid value at '${at}.will_continue' (TYPE_BOOL)`);
  return {
    ok: true,
    value: {
      id,
      name,
      response: response ?? {},
      scheduling: scheduling as Scheduling | undefined,
      willContinue: willContinue === true,
    },
  };
}

export function decodeToolResponse(body: unknown): Decoded<FunctionResponseIn[]> {
  if (!isObject(body)) return bad(Reason.invalidArgument);
  const problem = checkFields(body, ['functionResponses'], 'tool_response');
  if (problem) return { ok: false, close: problem };
  const list = body.functionResponses ?? [];
  if (!Array.isArray(list)) return bad(Reason.invalidArgument);
  const out: FunctionResponseIn[] = [];
  for (const [index, value] of list.entries()) {
    const decoded = item(value, `tool_response.function_responses[${index}]`);
    if (!decoded.ok) return decoded;
    out.push(decoded.value);
  }
  return { ok: true, value: out };
}
