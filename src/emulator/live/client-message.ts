// Decoding client frames (https://ai.google.dev/api/live): one JSON object holding exactly one message
// kind. Anything else closes the session with 1007 and a Google-style reason.

import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import { isObject, type JsonObject } from '../json.js';
import { parseJson } from '../../parse/json.js';

export const MESSAGE_KINDS = ['setup', 'clientContent', 'realtimeInput', 'toolResponse', 'contextUpdate'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly close: CloseSpec };

export interface ClientMessage {
  readonly kind: MessageKind;
  readonly body: unknown;
}

function bad(reason: string): { ok: false; close: CloseSpec } {
  return { ok: false, close: { code: CloseCode.invalidPayload, reason } };
}

export function decodeClientMessage(data: Buffer): Decoded<ClientMessage> {
  // Depth-checked before anything walks it (setup checks, tool schemas): a frame 50,000 levels
  // deep is a 1007 for that socket, not a stack overflow.
  const result = parseJson(data);
  if (!result.ok) return bad(result.problem.kind === 'depth' ? Reason.tooDeep : Reason.notJson);
  const parsed = result.value;
  if (!isObject(parsed)) return bad(Reason.invalidArgument);
  const kinds: MessageKind[] = [];
  for (const key of Object.keys(parsed)) {
    if (!(MESSAGE_KINDS as readonly string[]).includes(key))
      return bad(`Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
    kinds.push(key as MessageKind);
  }
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) return bad(Reason.invalidArgument);
  return { ok: true, value: { kind, body: parsed[kind] } };
}

export function checkFields(body: JsonObject, allowed: readonly string[], at: string): CloseSpec | undefined {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      return {
        code: CloseCode.invalidPayload,
        reason: `Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`,
      };
  }
  return undefined;
}

/** clientContent: the text of its turns (non-text parts are accepted and ignored). */
export function decodeClientContent(body: unknown): Decoded<{ texts: string[]; turnComplete: boolean }> {
  if (!isObject(body)) return bad(Reason.invalidArgument);
  const problem = checkFields(body, ['turns', 'turnComplete'], 'client_content');
  if (problem) return { ok: false, close: problem };
  const turns = body.turns ?? [];
  if (!Array.isArray(turns)) return bad(Reason.invalidArgument);
  const texts: string[] = [];
  for (const turn of turns) {
    if (!isObject(turn) || (turn.parts !== undefined && !Array.isArray(turn.parts))) return bad(Reason.invalidArgument);
    const parts = (turn.parts ?? []) as unknown[];
    const text = parts.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
    if (text !== '') texts.push(text);
  }
  return { ok: true, value: { texts, turnComplete: body.turnComplete === true } };
}

/**
 * One server frame's bytes. Frames recorded from the real service are indented JSON ending in a
 * newline; with quirk `indented-frames` the emulator sends that shape (the indentation width of the
 * recordings, two spaces, is assumed), so a client that matches on compact text fails here first.
 */
export function encodeServerMessage(message: Readonly<Record<string, unknown>>, indented: boolean): Buffer {
  return Buffer.from(indented ? `${JSON.stringify(message, null, 2)}\n` : JSON.stringify(message), 'utf8');
}
