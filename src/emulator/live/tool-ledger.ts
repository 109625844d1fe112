// Function calls of one conversation: ids handed out, which are still pending, which were answered
// or cancelled. It lives with the conversation, not the connection, so a call made just before a
// goAway is answered on the resumed socket (and a second answer is refused there too).

import { CloseCode, type CloseSpec } from './close-codes.js';
import type { CallRequest, ToolBehavior } from './tool-match.js';
import type { FunctionResponseIn, Scheduling } from './tool-response.js';
import type { JsonObject } from '../json.js';

/** One call as GET /emulator/sessions shows it (the same object is updated when it is answered). */
export interface ToolCallRecord {
  readonly id: string;
  readonly name: string;
  readonly args: JsonObject;
  readonly behavior: ToolBehavior;
  readonly calledAt: number;
  response: JsonObject | undefined;
  scheduling: Scheduling | undefined;
  responses: number;
  respondedAt: number | undefined;
  cancelled: boolean;
  cancelledAt: number | undefined;
  /** Still open: not answered (or answered with willContinue), not cancelled. */
  pending: boolean;
}

export interface Answered {
  readonly record: ToolCallRecord;
  readonly scheduling: Scheduling;
}

export interface RespondOutcome {
  /** The blocking batch the model was waiting on, once its last call is answered. */
  readonly blockingDone: readonly ToolCallRecord[] | undefined;
  readonly nonBlocking: readonly Answered[];
  readonly warnings: readonly string[];
}

/** Ids remembered for "already answered"; older ones count as unknown (memory stays bounded). */
const IDS_KEPT = 1000;
/** Args and responses are kept for the admin API up to this much JSON; larger ones are cut. */
export const KEPT_JSON_CHARS = 8192;

function bounded(value: JsonObject): JsonObject {
  const json = JSON.stringify(value);
  return json.length <= KEPT_JSON_CHARS ? value : { truncated: `${json.slice(0, KEPT_JSON_CHARS)}…` };
}

export class ToolLedger {
  readonly #calls = new Map<string, ToolCallRecord>();
  #blocking: ToolCallRecord[] = [];
  #seq = 0;

  constructor(private readonly prefix: string) {}

  get blockingPending(): boolean {
    return this.#blocking.length > 0;
  }

  call(requests: readonly CallRequest[], now: number): ToolCallRecord[] {
    const records = requests.map((request): ToolCallRecord => ({
      // Opaque to clients (they only echo it); unique within the conversation, resumptions included.
      id: `function-call-${this.prefix}-${++this.#seq}`,
      ...request,
      args: bounded(request.args),
      calledAt: now,
      response: undefined,
      scheduling: undefined,
      responses: 0,
      respondedAt: undefined,
      cancelled: false,
      cancelledAt: undefined,
      pending: true,
    }));
    for (const record of records) this.#calls.set(record.id, record);
    for (const id of this.#calls.keys()) {
      if (this.#calls.size <= IDS_KEPT) break;
      this.#calls.delete(id);
    }
    this.#blocking.push(...records.filter((r) => r.behavior === 'BLOCKING'));
    return records;
  }

  /** Barge-in: the blocking calls still pending are dropped; their ids go into toolCallCancellation. */
  cancelBlocking(now: number): string[] {
    const ids: string[] = [];
    for (const record of this.#blocking) {
      if (!record.pending) continue;
      Object.assign(record, { pending: false, cancelled: true, cancelledAt: now });
      ids.push(record.id);
    }
    this.#blocking = [];
    return ids;
  }

  /** Checks every response first, so a refused message changes nothing. */
  respond(
    responses: readonly FunctionResponseIn[],
    now: number,
  ): { ok: false; close: CloseSpec } | ({ ok: true } & RespondOutcome) {
    const seen = new Set<string>();
    const warnings: string[] = [];
    for (const { id, name } of responses) {
      const record = this.#calls.get(id);
      if (!record) return refuse(`toolResponse for unknown function call id "${id}"`);
      if (seen.has(id) || (!record.pending && !record.cancelled))
        return refuse(`toolResponse for function call id "${id}", which was already answered`);
      seen.add(id);
      if (name !== undefined && name !== record.name)
        warnings.push(`toolResponse ${id}: name "${name}" differs from the call's "${record.name}" (accepted)`);
    }
    const nonBlocking: Answered[] = [];
    for (const response of responses) {
      const record = this.#calls.get(response.id)!;
      // A response racing the cancellation it had not seen yet: dropped, as the call was (the real
      // service's rule is unknown, so not refused).
      if (record.cancelled) {
        warnings.push(`toolResponse ${record.id} arrived after its call was cancelled (ignored)`);
        continue;
      }
      const open = record.behavior === 'NON_BLOCKING' && response.willContinue;
      Object.assign(record, {
        response: bounded(response.response),
        scheduling: response.scheduling,
        responses: record.responses + 1,
        respondedAt: now,
        pending: open,
      });
      // FunctionResponse.scheduling "defaults to WHEN_IDLE" and applies to NON_BLOCKING calls only.
      const scheduling =
        response.scheduling === undefined || response.scheduling === 'SCHEDULING_UNSPECIFIED'
          ? 'WHEN_IDLE'
          : response.scheduling;
      if (record.behavior === 'NON_BLOCKING') nonBlocking.push({ record, scheduling });
    }
    let blockingDone: ToolCallRecord[] | undefined;
    if (this.#blocking.length > 0 && this.#blocking.every((r) => !r.pending)) {
      blockingDone = this.#blocking;
      this.#blocking = [];
    }
    return { ok: true, blockingDone, nonBlocking, warnings };
  }
}

function refuse(reason: string): { ok: false; close: CloseSpec } {
  return { ok: false, close: { code: CloseCode.invalidPayload, reason } };
}
