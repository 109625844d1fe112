// One exported scenario turn: what the user's turn must match (its text, or its speech length
// within the tolerance replay uses) and what the model did after it, as far as the scenario schema
// can say it. Each approximation is returned as a note for the user.

import { AUDIO_SLACK_MIN_MS } from '../replay/cursor.js';
import { AUDIO_TOLERANCE } from '../replay/match.js';
import { CHUNK_MS, CHUNKS_PER_WORD } from '../live/voice.js';
import type { ModelTurnRecord, Said } from './model-turns.js';
import type { Timed } from './timeline.js';
import type { UserInput } from './user-turns.js';

/** Below this, a reply's delay is the recording path (proxy, loopback), not the model's latency. */
export const LATENCY_FLOOR_MS = 100;
const WORD_MS = CHUNK_MS * CHUNKS_PER_WORD;
/** Stands for what the model would have said after a cut: it was never sent, so never recorded. */
export const UNHEARD = '…';

export type Expected = UserInput | { readonly kind: 'anything' };

export interface TurnContext {
  readonly index: number;
  readonly input: Expected;
  /** Video frames the turn had: it then expects at least one (how many depends on the client's timing). */
  readonly frames: number;
  readonly end: Timed;
  /** The model turns that followed this user turn, in order. */
  readonly answers: readonly ModelTurnRecord[];
  /** Where the user started speaking or sent text (clientSide.bargeIns). */
  readonly bargeIns: readonly number[];
  readonly toolResponses: readonly Timed[];
}

export interface TurnJson {
  expect: unknown;
  model: Record<string, unknown>;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function expectation(input: Expected, frames = 0): unknown {
  const expected = what(input);
  if (frames === 0) return expected;
  return expected === 'anything' ? { frames: '>=1' } : { ...expected, frames: '>=1' };
}

function what(input: Expected): 'anything' | Record<string, unknown> {
  if (input.kind === 'anything' || (input.kind === 'text' && input.text.trim() === '')) return 'anything';
  if (input.kind === 'text')
    return { text: /^\/.+\/[a-z]*$/s.test(input.text) ? `/${escapeRegex(input.text)}/i` : input.text };
  const slack = Math.max(input.speechMs * AUDIO_TOLERANCE, AUDIO_SLACK_MIN_MS);
  return { audioMs: [Math.max(0, Math.floor(input.speechMs - slack)), Math.ceil(input.speechMs + slack)] };
}

const elapsed = (from: Timed | undefined, to: Timed | undefined): number | undefined =>
  from && to && from.session === to.session ? Math.max(0, to.t - from.t) : undefined;

function words(said: Said, path: string, notes: string[]): string {
  const text = said.transcript.trim() || said.parts.trim();
  if (text !== '' || said.audioMs === 0) return text;
  const count = Math.max(1, Math.round(said.audioMs / WORD_MS));
  notes.push(
    `${path}: the reply's words were not recorded (no outputAudioTranscription): ${count} × "${UNHEARD}" stand for its ${Math.round(said.audioMs)} ms of audio`,
  );
  return Array(count).fill(UNHEARD).join(' ');
}

/** A model turn that was answered in two (a toolCall turn, then the answer after the toolResponse) becomes one. */
function merged(answers: readonly ModelTurnRecord[], path: string, notes: string[]): ModelTurnRecord | undefined {
  const [first, second, ...rest] = answers;
  if (!first) return undefined;
  const silentCall =
    first.toolCalls.length > 0 &&
    first.after.transcript === '' &&
    first.after.parts === '' &&
    first.after.audioMs === 0;
  if (second && silentCall && second.toolCalls.length === 0) {
    if (rest.length > 0)
      notes.push(
        `${path}: ${rest.length} more model turn(s) followed this user turn; a scenario turn has one reply, so they are left out`,
      );
    return {
      ...second,
      start: first.start,
      toolCalls: first.toolCalls,
      before: first.before,
      after: second.before,
      afterToolsAt: second.start,
    };
  }
  if (second)
    notes.push(
      `${path}: ${answers.length - 1} more model turn(s) followed this user turn; a scenario turn has one reply, so they are left out`,
    );
  return first;
}

export function scenarioTurn(context: TurnContext, notes: string[]): TurnJson {
  const path = `turns[${context.index}]`;
  const model: Record<string, unknown> = {};
  const answer = merged(context.answers, path, notes);
  if (!answer) return { expect: expectation(context.input, context.frames), model };
  const [call, ...moreCalls] = answer.toolCalls;
  if (call) model['toolCall'] = { name: call.name, args: call.args };
  if (moreCalls.length > 0)
    notes.push(
      `${path}: the model called ${answer.toolCalls.length} functions at once; a scenario turn calls one (${call!.name}), the others are left out`,
    );
  if (call && (answer.before.transcript.trim() !== '' || answer.before.parts.trim() !== ''))
    notes.push(
      `${path}: what the model said before its toolCall is left out (a scenario speaks after the toolResponse)`,
    );
  let reply = words(call ? answer.after : answer.before, path, notes);
  const first = call ? answer.afterToolsAt : answer.start;
  if (answer.end !== 'complete' && first) {
    reply = reply === '' ? UNHEARD : `${reply} ${UNHEARD}`;
    const cut = answer.interruptedAt;
    const byUser = cut !== undefined && context.bargeIns.some((seq) => seq > answer.start.seq && seq < cut.seq);
    if (answer.end === 'cut')
      notes.push(
        `${path}: the reply was cut when its connection ended; the reply is what was heard, then "${UNHEARD}"`,
      );
    else if (byUser)
      notes.push(
        `${path}: the user interrupted the reply (the same input does it again); the reply is what was heard, then "${UNHEARD}"`,
      );
    else {
      const at = elapsed(first, answer.interruptedAt);
      if (at !== undefined) model['interruptAfterMs'] = Math.round(at);
      notes.push(
        `${path}: the model was interrupted ${at ?? '?'} ms into its reply; the reply is what was heard, then "${UNHEARD}"`,
      );
    }
  }
  if (reply !== '') model['reply'] = reply;
  const anchor = call ? context.toolResponses.filter((at) => at.seq < (first?.seq ?? -1)).at(-1) : context.end;
  const delay = elapsed(anchor, first);
  if (reply !== '' && delay !== undefined && delay >= LATENCY_FLOOR_MS)
    model['firstChunkDelayMs'] = Math.round(delay / 10) * 10;
  if (answer.cancelledCalls > 0)
    notes.push(
      `${path}: the model cancelled its tool call(s); the emulator sends toolCallCancellation itself when the user barges in`,
    );
  return { expect: expectation(context.input, context.frames), model };
}
