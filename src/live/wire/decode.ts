// Server frame → ServerEvent[]. The server is outside our control, so nothing here throws: a frame
// that is not what https://ai.google.dev/api/live describes becomes a DecodeProblem the session reports and skips.
// Unknown message kinds are ignored on purpose (the API adds fields often; voiceActivity…), so a
// newer server never breaks an older gemtoken.

import type { FunctionCall, ServerEvent } from './wire-types.js';
import { parseJson } from '../../parse/json.js';

export interface DecodeProblem {
  readonly kind: 'malformed-json' | 'not-an-object' | 'bad-field';
  readonly detail: string;
}

export type DecodeResult =
  | { readonly ok: true; readonly events: readonly ServerEvent[] }
  | { readonly ok: false; readonly problem: DecodeProblem };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class BadField extends Error {}

function field<T>(value: unknown, check: (v: unknown) => v is T, path: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!check(value)) throw new BadField(`${path} has the wrong type`);
  return value;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses a protobuf JSON Duration ("50s", "0.5s"); undefined when absent or unreadable. */
export function parseWireDuration(value: unknown): number | undefined {
  if (isNumber(value)) return value * 1000;
  if (!isString(value)) return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

export function decodeServerFrame(data: string | Buffer): DecodeResult {
  // Depth-checked before anything walks it: a frame 50,000 levels deep is a bad frame, not a stack overflow.
  const parsed = parseJson(data);
  if (!parsed.ok) {
    const why = parsed.problem.kind === 'depth' ? parsed.problem.detail : 'not JSON';
    return { ok: false, problem: { kind: 'malformed-json', detail: `a ${byteLength(data)}-byte frame is ${why}` } };
  }
  const json = parsed.value;
  if (!isObject(json)) return { ok: false, problem: { kind: 'not-an-object', detail: 'a frame is not a JSON object' } };
  try {
    return { ok: true, events: eventsOf(json) };
  } catch (error) {
    if (error instanceof BadField) return { ok: false, problem: { kind: 'bad-field', detail: error.message } };
    throw error;
  }
}

function byteLength(data: string | Buffer): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

function eventsOf(msg: Json): ServerEvent[] {
  const events: ServerEvent[] = [];
  if (msg.setupComplete !== undefined) events.push({ type: 'setupComplete' });
  const content = field(msg.serverContent, isObject, 'serverContent');
  if (content) events.push(...contentEvents(content));
  const goAway = field(msg.goAway, isObject, 'goAway');
  if (goAway) events.push({ type: 'goAway', timeLeftMs: parseWireDuration(goAway.timeLeft) });
  const update = field(msg.sessionResumptionUpdate, isObject, 'sessionResumptionUpdate');
  if (update) {
    const handle = field(update.newHandle, isString, 'sessionResumptionUpdate.newHandle');
    const resumable = field(update.resumable, isBool, 'sessionResumptionUpdate.resumable') ?? false;
    events.push({ type: 'resumptionUpdate', handle: handle || undefined, resumable });
  }
  const toolCall = field(msg.toolCall, isObject, 'toolCall');
  if (toolCall) events.push({ type: 'toolCall', calls: functionCalls(toolCall.functionCalls) });
  const cancellation = field(msg.toolCallCancellation, isObject, 'toolCallCancellation');
  if (cancellation) {
    const ids = field(cancellation.ids, Array.isArray, 'toolCallCancellation.ids') ?? [];
    events.push({ type: 'toolCallCancellation', ids: ids.filter(isString) });
  }
  const usage = field(msg.usageMetadata, isObject, 'usageMetadata');
  if (usage)
    events.push({
      type: 'usage',
      totalTokens: field(usage.totalTokenCount, isNumber, 'usageMetadata.totalTokenCount'),
    });
  return events;
}

// A call without an id could never be answered (the response must name it), so the frame is refused.
function functionCalls(value: unknown): FunctionCall[] {
  const calls = field(value, Array.isArray, 'toolCall.functionCalls') ?? [];
  return calls.map((call: unknown, i) => {
    const path = `toolCall.functionCalls[${i}]`;
    if (!isObject(call)) throw new BadField(`${path} is not an object`);
    const id = field(call.id, isString, `${path}.id`);
    const name = field(call.name, isString, `${path}.name`);
    if (!id || !name) throw new BadField(`${path} has no ${id ? 'name' : 'id'}`);
    return { id, name, args: field(call.args, isObject, `${path}.args`) ?? {} };
  });
}

function contentEvents(content: Json): ServerEvent[] {
  const events: ServerEvent[] = [];
  const input = field(content.inputTranscription, isObject, 'serverContent.inputTranscription');
  const inputText = input && field(input.text, isString, 'serverContent.inputTranscription.text');
  if (inputText) events.push({ type: 'inputTranscription', text: inputText });
  const turn = field(content.modelTurn, isObject, 'serverContent.modelTurn');
  if (turn) events.push(...partEvents(turn.parts));
  const output = field(content.outputTranscription, isObject, 'serverContent.outputTranscription');
  const outputText = output && field(output.text, isString, 'serverContent.outputTranscription.text');
  if (outputText) events.push({ type: 'outputTranscription', text: outputText });
  // Order matters to the session: an interruption flushes before the turn is closed.
  if (field(content.interrupted, isBool, 'serverContent.interrupted')) events.push({ type: 'interrupted' });
  if (field(content.generationComplete, isBool, 'serverContent.generationComplete'))
    events.push({ type: 'generationComplete' });
  if (field(content.turnComplete, isBool, 'serverContent.turnComplete')) events.push({ type: 'turnComplete' });
  return events;
}

function partEvents(parts: unknown): ServerEvent[] {
  if (parts === undefined) return [];
  if (!Array.isArray(parts)) throw new BadField('serverContent.modelTurn.parts is not an array');
  const events: ServerEvent[] = [];
  parts.forEach((part: unknown, i) => {
    if (!isObject(part)) throw new BadField(`serverContent.modelTurn.parts[${i}] is not an object`);
    const inline = field(part.inlineData, isObject, `parts[${i}].inlineData`);
    if (inline) {
      const mimeType = field(inline.mimeType, isString, `parts[${i}].inlineData.mimeType`) ?? '';
      const data = field(inline.data, isString, `parts[${i}].inlineData.data`) ?? '';
      if (!mimeType.startsWith('audio/')) return;
      const pcm = Buffer.from(data, 'base64');
      if (pcm.length % 2 !== 0) throw new BadField(`parts[${i}].inlineData.data is not 16-bit PCM`);
      events.push({ type: 'audio', pcm, mimeType });
    }
    // Thought summaries are not part of the reply.
    const text = field(part.text, isString, `parts[${i}].text`);
    if (text && part.thought !== true) events.push({ type: 'text', text });
  });
  return events;
}

/** The sample rate declared in an audio mimeType (`audio/pcm;rate=24000`); undefined if none. */
export function mimeRate(mimeType: string): number | undefined {
  const match = /rate=(\d+)/i.exec(mimeType);
  return match ? Number(match[1]) : undefined;
}
