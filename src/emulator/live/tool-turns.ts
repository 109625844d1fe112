// The Live half of function calling for one connection: a user turn that names declared functions
// sends a toolCall; a barge-in cancels the blocking calls still pending; a toolResponse is checked
// against the conversation's ledger. What the model then says is the turn engine's business.

import type { EmulatorClock } from '../clock.js';
import type { CloseSpec } from './close-codes.js';
import type { Conversation } from './conversations.js';
import type { SessionStats } from './session-book.js';
import type { SessionConfig } from './session-config.js';
import type { RespondOutcome, ToolCallRecord } from './tool-ledger.js';
import { findCalls, type CallRequest } from './tool-match.js';
import { decodeToolResponse } from './tool-response.js';

export interface ToolTurnsDeps {
  readonly clock: EmulatorClock;
  readonly config: SessionConfig;
  readonly conversation: Conversation;
  readonly stats: SessionStats;
  readonly send: (message: Readonly<Record<string, unknown>>) => boolean | void;
  readonly warn?: (warning: string) => void;
}

/** Calls kept per session for GET /emulator/sessions (older ones drop off the list). */
const RECORDS_KEPT = 200;

export class ToolTurns {
  constructor(private readonly deps: ToolTurnsDeps) {}

  /** True while the model waits for the answers to blocking calls (it says nothing until then). */
  get waiting(): boolean {
    return this.deps.conversation.tools.blockingPending;
  }

  /** The calls a user turn's text makes, sent as one toolCall; undefined when it names no function. */
  call(text: string): { readonly blocking: boolean } | undefined {
    if (this.deps.config.functions.size === 0) return undefined;
    const requests = findCalls(text, this.deps.config.functions);
    return requests.length === 0 ? undefined : { blocking: this.request(requests) };
  }

  /** Sends these calls as one toolCall (a --scenario turn names them itself); true when one blocks. */
  request(requests: readonly CallRequest[]): boolean {
    const { conversation, stats, clock, send } = this.deps;
    const records = conversation.tools.call(requests, clock.now());
    stats.toolCalls.push(...records);
    stats.toolCalls.splice(0, Math.max(0, stats.toolCalls.length - RECORDS_KEPT));
    // The wire gets the args in full; the record keeps them bounded.
    send({ toolCall: { functionCalls: records.map(({ id, name }, i) => ({ id, name, args: requests[i]!.args })) } });
    return records.some((r) => r.behavior === 'BLOCKING');
  }

  /** Barge-in: true when blocking calls were pending (now cancelled, and the client told so). */
  cancelPending(): boolean {
    const ids = this.deps.conversation.tools.cancelBlocking(this.deps.clock.now());
    if (ids.length === 0) return false;
    this.deps.send({ toolCallCancellation: { ids } });
    return true;
  }

  respond(body: unknown): { readonly close: CloseSpec } | RespondOutcome {
    const decoded = decodeToolResponse(body);
    if (!decoded.ok) return { close: decoded.close };
    const outcome = this.deps.conversation.tools.respond(decoded.value, this.deps.clock.now());
    if (!outcome.ok) return { close: outcome.close };
    for (const warning of outcome.warnings) this.deps.warn?.(warning);
    return outcome;
  }
}

/** Longest response the model reads back in full; beyond it the reply ends with "…". */
const SPOKEN_CHARS = 2000;

/** What the model says once calls are answered: each response verbatim, so a test sees the round trip. */
export function resultsText(records: readonly ToolCallRecord[]): string {
  return records
    .map(({ name, response }) => {
      const json = JSON.stringify(response ?? {});
      return `${name} returned ${json.length > SPOKEN_CHARS ? `${json.slice(0, SPOKEN_CHARS)} …` : json}`;
    })
    .join('; ');
}

/** The short turn a NON_BLOCKING call gets while its function runs. */
export const WORKING_ON_IT = 'Working on it.';
