// The talk session as a pure, event-driven state machine: MachineInput in, Commands out, no I/O and
// no clock of its own, so every protocol rule below is tested input by input (test/component/live/).
// Rules that come from the field (users.md C1, C5): on goAway close the old socket *before*
// resuming (a resume is refused while it is open); audio captured meanwhile is held and sent after,
// in order; barge-in flushes playback at once and late audio of the cut turn is dropped.
// A goAway in the middle of a turn lets that turn finish (and waits briefly for the handle taken
// after it) as long as the server's timeLeft allows; otherwise the turn is reported as cut.
// Any other end of a connection while a handle is held goes to Recovery (recovery.ts): resume,
// retry after a backoff, or resume on a fresh token (F1, F3, F5) — the backlog keeps the input.

import type { GemtokenError } from '../../errors.js';
import { InputBacklog } from './backlog.js';
import { ConnectionSlot } from './connection-slot.js';
import { Conversation } from './conversation.js';
import type { StatusSnapshot, TalkEvent } from './events.js';
import type { TurnEvent } from './reply-path.js';
import { Recovery, type Decision } from './recovery.js';
import { ResumePlan } from './resume-plan.js';
import type { Command, MachineInput, TalkSessionConfig } from './session-types.js';
import { echoLabel, SessionTelemetry } from './session-telemetry.js';
import { closeError, failureClose, unresumableError, type CloseContext } from '../wire/close-errors.js';
import { decodeServerFrame } from '../wire/decode.js';
import { buildSetupMessage } from '../wire/setup-message.js';
import type { RealtimeInput, ServerEvent } from '../wire/wire-types.js';

type Closing = { readonly code: number; readonly reason: string; readonly by: 'client' | 'server' };

export class TalkSession {
  readonly #config: TalkSessionConfig;
  readonly #closeCtx: CloseContext;
  #out: Command[] = [];
  readonly #slot = new ConnectionSlot((command) => this.#emit(command));
  readonly #backlog: InputBacklog;
  readonly #plan: ResumePlan;
  readonly #talk: Conversation;
  readonly #telemetry: SessionTelemetry;
  readonly #recovery: Recovery;
  #retryAt: number | undefined;
  #renewReason = '';

  constructor(config: TalkSessionConfig) {
    this.#config = config;
    this.#closeCtx = { apiVersion: config.apiVersion, model: config.setup.model };
    this.#backlog = new InputBacklog(config.backlogLimitBytes);
    this.#plan = new ResumePlan(config);
    this.#recovery = new Recovery(config, this.#closeCtx);
    this.#talk = new Conversation(config, (command) => this.#emit(command), (message, bytes) => this.#route(message, bytes));
    this.#telemetry = new SessionTelemetry(config, { gatedFrames: () => this.#talk.input.gatedFrames, droppedFrames: () => this.#backlog.droppedFrames });
  }

  dispatch(input: MachineInput): Command[] {
    this.#out = [];
    if (!this.finished) this.#handle(input);
    return this.#out;
  }

  get finished(): boolean {
    return this.#slot.state === 'done';
  }

  snapshot(now: number, wallNow: number): StatusSnapshot {
    return this.#telemetry.snapshot(this.#slot.phase() ?? this.#talk.phase(now), this.#talk.input.levelDb, wallNow);
  }

  #handle(input: MachineInput): void {
    const now = input.now;
    switch (input.type) {
      case 'start':
        if (this.#slot.state === 'idle') this.#open();
        return;
      case 'connected':
        return this.#connected(input.id);
      case 'connect-failed':
        if (input.id !== this.#slot.id) return;
        return this.#apply(this.#recovery.connectFailed(input.failure, this.#slot.state === 'reconnecting'), now, { ...failureClose(input.failure), by: 'server' });
      case 'token-renewed':
        if (this.#slot.state !== 'waiting') return;
        this.#telemetry.tokenExpiresAt = input.expiresAt;
        this.#event({ type: 'token', source: input.source, reason: this.#renewReason });
        return this.#reconnect();
      case 'token-failed':
        return this.#finish(input.error, { code: 1000, reason: 'no token', by: 'client' });
      case 'frame':
        return this.#frame(input.id, input.data, now);
      case 'closed':
        return this.#closed(input.id, input.code, input.reason, now);
      case 'audio':
        return this.#talk.audio(input.pcm, now);
      case 'input-end':
        return this.#talk.inputEnded(now);
      case 'text':
        return this.#talk.text(input.text);
      case 'key':
        if (input.key === 'quit') return this.#finish(undefined, { code: 1000, reason: 'quit', by: 'client' });
        return this.#talk.key(input.key);
      case 'tick':
        return this.#tick(now);
    }
  }

  #emit(command: Command): void {
    this.#out.push(command);
  }

  #event(event: TalkEvent): void {
    this.#emit({ type: 'event', event });
  }

  #open(): void {
    this.#slot.open(buildSetupMessage(this.#config.setup, this.#plan.handle));
  }

  #connected(id: number): void {
    const up = this.#slot.up(id);
    if (!up) return;
    this.#plan.resumed();
    this.#recovery.connected();
    this.#telemetry.note = undefined;
    const held = this.#backlog.drain();
    const c = this.#config;
    if (up === 'first') {
      this.#event({ type: 'setup', model: c.setup.model, apiVersion: c.apiVersion, modality: c.setup.modality, echo: echoLabel(c), pushToTalk: c.setup.pushToTalk });
    } else {
      this.#event({ type: 'resumed', reconnects: this.#telemetry.reconnects, backlogMessages: held.length, droppedFrames: this.#backlog.droppedFrames });
    }
    for (const message of held) this.#send(message);
  }

  #frame(id: number, data: string | Buffer, now: number): void {
    const decoded = decodeServerFrame(data);
    if (!decoded.ok) return this.#event({ type: 'warning', message: `skipped a server frame: ${decoded.problem.detail}` });
    for (const event of decoded.events) {
      this.#server(event, id, now);
      if (this.finished) return;
    }
  }

  #server(event: ServerEvent, id: number, now: number): void {
    switch (event.type) {
      case 'goAway':
        if (id !== this.#slot.id || this.#slot.state !== 'live') return;
        this.#plan.goAway(now, event.timeLeftMs);
        this.#event({ type: 'goAway', timeLeftMs: event.timeLeftMs ?? null, resumable: this.#plan.handle !== undefined });
        return this.#maybeResume(now);
      case 'resumptionUpdate':
        if (!event.resumable || !event.handle) return;
        this.#plan.newHandle(event.handle);
        return this.#maybeResume(now);
      case 'toolCall':
        return this.#event({ type: 'warning', message: `the model called ${event.names.join(', ')}, but talk declares no tools` });
      default: {
        const turn = this.#talk.server(event, now);
        if (turn) this.#turnComplete(turn, now);
      }
    }
  }

  #turnComplete(turn: TurnEvent, now: number): void {
    this.#plan.turnComplete(now);
    this.#maybeResume(now);
    if (this.#talk.answers(turn)) this.#finish(undefined, { code: 1000, reason: '', by: 'client' }, true);
  }

  #maybeResume(now: number): void {
    if (this.#slot.state !== 'live' || !this.#plan.due(now, this.#talk.turnInFlight)) return;
    this.#talk.cut(now);
    this.#slot.closeForResume(now, this.#config.closeWaitMs);
  }

  #closed(id: number, code: number, reason: string, now: number): void {
    if (id !== this.#slot.id) return;
    if (this.#slot.state === 'closing-old' || this.#slot.state === 'terminating') return this.#reconnect();
    if (this.#slot.state !== 'live') return;
    const closing = { code, reason, by: 'server' as const };
    if (this.#plan.handle === undefined) {
      if (this.#plan.goAwaySeen) return this.#finish(unresumableError(code), closing);
      return this.#finish(code === 1000 ? undefined : closeError(code, reason, this.#closeCtx), closing);
    }
    this.#apply(this.#plan.goAwaySeen ? { kind: 'resume' } : this.#recovery.dropped(code, reason), now, closing);
  }

  /** Carries out Recovery's decision; the connection is gone (or never came up) at this point. */
  #apply(decision: Decision, now: number, closing: Closing): void {
    if (decision.kind === 'give-up') return this.#finish(decision.error, closing);
    this.#talk.cut(now);
    if (decision.kind === 'resume') return this.#reconnect();
    this.#slot.wait();
    if (decision.kind === 'renew') {
      this.#renewReason = decision.reason;
      this.#telemetry.note = 'new token';
      return this.#emit({ type: 'renew-token' });
    }
    this.#retryAt = now + decision.inMs;
    this.#telemetry.note = `retry ${decision.attempt}/${decision.of}`;
    const { attempt, of, inMs, reason } = decision;
    this.#event({ type: 'reconnecting', attempt, of, inMs, reason });
  }

  #reconnect(): void {
    this.#telemetry.reconnects += 1;
    this.#open();
  }

  #route(message: RealtimeInput, audioBytes: number): void {
    if (this.#slot.state === 'live') this.#send(message);
    else if (!this.finished) this.#backlog.push(message, audioBytes);
  }

  #send(message: RealtimeInput): void {
    this.#telemetry.sent(message);
    this.#slot.send(message);
  }

  #tick(now: number): void {
    if (this.#slot.closeOverdue(now, this.#config.closeWaitMs)) return this.#reconnect();
    if (this.#slot.state === 'waiting' && this.#retryAt !== undefined && now >= this.#retryAt) {
      this.#retryAt = undefined;
      return this.#reconnect();
    }
    this.#maybeResume(now);
    if (this.#slot.state !== 'live') return;
    const end = this.#talk.endCheck(now);
    if (!end) return;
    if (end.warning) this.#event({ type: 'warning', message: end.warning });
    this.#finish(end.error, { code: 1000, reason: '', by: 'client' }, end.drain);
  }

  #finish(error: GemtokenError | undefined, closing: Closing, drain = false): void {
    this.#slot.end(closing.by === 'client', closing.reason);
    this.#event({ type: 'closed', ...closing, ...this.#telemetry.closed() });
    this.#emit({ type: 'finish', drain, ...(error ? { error } : {}) });
  }
}
