// The model's side of a recorded conversation: its turns (from the first output after the last
// turnComplete to the next turnComplete, or to the end of the connection that cut it), with what
// was said, called and interrupted; and the connection events around them (goAway, server closes).

import { isObject, type JsonObject } from '../json.js';
import { base64Bytes } from '../record/cassette.js';
import { pcmRate } from '../live/realtime-input.js';
import { frameObject, type Timed } from './timeline.js';

/** What the model said in one stretch: transcription text, text parts, and audio length. */
export interface Said {
  transcript: string;
  parts: string;
  audioMs: number;
}

export interface ModelTurnRecord {
  readonly start: Timed;
  /** Before the first toolCall (or all of it when there is none). */
  readonly before: Said;
  /** After the first toolCall: the answer once the tools were answered. */
  readonly after: Said;
  readonly toolCalls: { readonly name: string; readonly args: JsonObject }[];
  /** The first output after a toolCall. */
  afterToolsAt?: Timed;
  interruptedAt?: Timed;
  cancelledCalls: number;
  end: 'complete' | 'interrupted' | 'cut';
}

export interface ServerSide {
  readonly turns: readonly ModelTurnRecord[];
  readonly goAways: readonly { readonly at: Timed; readonly timeLeft: string }[];
  readonly closes: readonly { readonly at: Timed; readonly code: number; readonly reason: string }[];
  /** inputTranscription texts, in order. */
  readonly heard: readonly string[];
}

const said = (): Said => ({ transcript: '', parts: '', audioMs: 0 });

function audioMs(part: JsonObject): number {
  const blob = part['inlineData'];
  if (!isObject(blob) || typeof blob['mimeType'] !== 'string' || !blob['mimeType'].startsWith('audio/')) return 0;
  const data = blob['data'];
  const bytes =
    typeof data === 'string'
      ? base64Bytes(data)
      : isObject(data) && typeof data['audioBytes'] === 'number'
        ? data['audioBytes']
        : 0;
  return (bytes / 2 / (pcmRate(blob['mimeType']) ?? 24_000)) * 1000;
}

export function modelTurns(lines: readonly Timed[]): ServerSide {
  const turns: ModelTurnRecord[] = [];
  const goAways: { at: Timed; timeLeft: string }[] = [];
  const closes: { at: Timed; code: number; reason: string }[] = [];
  const heard: string[] = [];
  let open: ModelTurnRecord | undefined;
  /** The model turn in progress, or a new one starting at `at` (ended 'cut' until turnComplete says otherwise). */
  const begin = (at: Timed): ModelTurnRecord => {
    if (!open)
      turns.push((open = { start: at, before: said(), after: said(), toolCalls: [], cancelledCalls: 0, end: 'cut' }));
    return open;
  };
  const into = (turn: ModelTurnRecord, at: Timed): Said => {
    if (turn.toolCalls.length === 0) return turn.before;
    turn.afterToolsAt ??= at;
    return turn.after;
  };
  let session = -1;
  for (const at of lines) {
    // A connection that ended cut whatever the model was saying.
    if (at.session !== session) [open, session] = [undefined, at.session];
    if (at.line.dir !== 'server') continue;
    if (at.line.kind === 'close') {
      closes.push({ at, code: Number(at.line['code']), reason: String(at.line['reason'] ?? '') });
      continue;
    }
    const json = frameObject(at.line);
    if (!json) continue;
    const goAway = json['goAway'];
    if (isObject(goAway)) goAways.push({ at, timeLeft: String(goAway['timeLeft'] ?? '') });
    const call = json['toolCall'];
    if (isObject(call) && Array.isArray(call['functionCalls'])) {
      const turn = begin(at);
      for (const fn of call['functionCalls']) {
        if (isObject(fn) && typeof fn['name'] === 'string')
          turn.toolCalls.push({ name: fn['name'], args: isObject(fn['args']) ? fn['args'] : {} });
      }
    }
    if (isObject(json['toolCallCancellation']) && open) open.cancelledCalls += 1;
    const content = json['serverContent'];
    if (!isObject(content)) continue;
    const input = content['inputTranscription'];
    if (isObject(input) && typeof input['text'] === 'string') heard.push(input['text']);
    const output = content['outputTranscription'];
    if (isObject(output) && typeof output['text'] === 'string') into(begin(at), at).transcript += output['text'];
    const modelTurn = content['modelTurn'];
    const parts = isObject(modelTurn) && Array.isArray(modelTurn['parts']) ? modelTurn['parts'] : [];
    for (const part of parts) {
      if (!isObject(part)) continue;
      const where = into(begin(at), at);
      if (typeof part['text'] === 'string' && part['thought'] !== true) where.parts += part['text'];
      where.audioMs += audioMs(part);
    }
    if (content['interrupted'] === true && open) open.interruptedAt ??= at;
    if (content['turnComplete'] === true && open) {
      open.end = open.interruptedAt ? 'interrupted' : 'complete';
      open = undefined;
    }
  }
  return { turns, goAways, closes, heard };
}
