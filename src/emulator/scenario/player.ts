// Where a conversation is in its scenario, and whether a user turn is the one expected next. The
// position lives with the conversation (not the connection), so a resumed session goes on where
// the one before it stopped; a reset forgets conversations and with them their positions.

import type { Conversation } from '../live/conversations.js';
import { describeExpectation, type Scenario, type ScenarioTurn } from './schema.js';

export type ScenarioInput =
  { readonly kind: 'speech'; readonly speechMs: number } | { readonly kind: 'text'; readonly text: string };

export type ScenarioStep =
  | { readonly ok: true; readonly index: number; readonly turn: ScenarioTurn }
  | { readonly ok: false; readonly reason: string };

/** Close code for a turn the scenario did not expect: the client sent what the script says it must not. */
export const MISMATCH_CODE = 1007;

export class ScenarioPlayer {
  readonly #positions = new WeakMap<Conversation, number>();

  constructor(readonly scenario: Scenario) {}

  /** The scenario turn for this user turn, advancing the conversation; or the close reason. */
  next(conversation: Conversation, input: ScenarioInput): ScenarioStep {
    const index = this.#positions.get(conversation) ?? 0;
    const { name, turns } = this.scenario;
    const turn = turns[index];
    if (!turn) return { ok: false, reason: `scenario ${name}: turn ${index} is past the end (${turns.length} turns)` };
    if (!matches(turn, input)) {
      const got = input.kind === 'text' ? 'text' : `${input.speechMs} ms of audio`;
      return {
        ok: false,
        reason: `scenario ${name}: turn ${index} expected ${describeExpectation(turn.expect)}, got ${got}`,
      };
    }
    this.#positions.set(conversation, index + 1);
    return { ok: true, index, turn };
  }
}

function matches({ expect }: ScenarioTurn, input: ScenarioInput): boolean {
  if (expect.kind === 'anything') return true;
  if (expect.kind === 'text') return input.kind === 'text' && expect.pattern.test(input.text);
  return input.kind === 'speech' && input.speechMs >= expect.minMs && input.speechMs <= expect.maxMs;
}
