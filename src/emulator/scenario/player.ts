// Where a conversation is in its scenario, and whether a user turn is the one expected next. The
// position lives with the conversation (not the connection), so a resumed session goes on where
// the one before it stopped; a reset forgets conversations and with them their positions.

import type { Conversation } from '../live/conversations.js';
import { describeExpectation, type Scenario, type ScenarioTurn } from './schema.js';

export type ScenarioInput =
  { readonly kind: 'speech'; readonly speechMs: number } | { readonly kind: 'text'; readonly text: string };

export type ScenarioStep =
  | { readonly ok: true; readonly name: string; readonly index: number; readonly turn: ScenarioTurn }
  | { readonly ok: false; readonly reason: string };

/** Close code for a turn the scenario did not expect: the client sent what the script says it must not. */
export const MISMATCH_CODE = 1007;

/** How much of the user's text a mismatch quotes: enough to recognise it, short enough for one line. */
export const QUOTED_CHARS = 80;
// Terminal escape sequences whole (CSI, OSC), then control characters and the bidi overrides that
// would reorder a terminal's line: the reason is shown by clients and written to the log.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SEQUENCES = /\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
// eslint-disable-next-line no-control-regex -- as above
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/** What the client sent, as a mismatch names it: text quoted (its first QUOTED_CHARS characters, printable), or speech by length. */
export function describeInput(input: ScenarioInput): string {
  if (input.kind === 'speech') return `${input.speechMs} ms of audio`;
  const chars = [...input.text.replace(SEQUENCES, '').replace(UNPRINTABLE, ' ')];
  const head = chars.slice(0, QUOTED_CHARS).join('');
  return `text ${JSON.stringify(head)}${chars.length > QUOTED_CHARS ? '…' : ''}`;
}

export class ScenarioPlayer {
  readonly #positions = new WeakMap<Conversation, number>();

  constructor(readonly scenario: Scenario) {}

  /**
   * The scenario turn for this user turn, advancing the conversation; or the close reason. `frames`: video
   * frames received since the previous user turn ended.
   */
  next(conversation: Conversation, input: ScenarioInput, frames = 0): ScenarioStep {
    const index = this.#positions.get(conversation) ?? 0;
    const { name, turns } = this.scenario;
    const turn = turns[index];
    if (!turn) return { ok: false, reason: `scenario ${name}: turn ${index} is past the end (${turns.length} turns)` };
    if (!matches(turn, input) || turn.expect.frames?.test(frames) === false) {
      const expected = describeExpectation(turn.expect);
      // Frames are named on the got side only when the turn asked for them: other reasons stay as they were.
      const got = `${describeInput(input)}${turn.expect.frames ? ` with ${frames} frame${frames === 1 ? '' : 's'}` : ''}`;
      return { ok: false, reason: `scenario ${name}: turn ${index} expected ${expected}, got ${got}` };
    }
    this.#positions.set(conversation, index + 1);
    return { ok: true, name, index, turn };
  }
}

function matches({ expect }: ScenarioTurn, input: ScenarioInput): boolean {
  if (expect.kind === 'anything') return true;
  if (expect.kind === 'text') return input.kind === 'text' && expect.pattern.test(input.text);
  return input.kind === 'speech' && input.speechMs >= expect.minMs && input.speechMs <= expect.maxMs;
}
