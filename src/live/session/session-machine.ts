// The talk session as a pure, event-driven state machine: Happenings in, Commands out, no I/O and
// no clock of its own, so every protocol rule below is tested input by input (test/component/live/).
// Rules from the field (docs/emulator.md): on goAway close the old socket *before* resuming (a resume is
// refused while it is open: one-socket-per-session); audio captured meanwhile is held and sent after, in
// order; barge-in flushes playback at once and late audio of the cut turn is dropped. A goAway mid-turn
// lets the turn finish (and waits briefly for the handle taken after it) as long as timeLeft allows,
// else the turn is cut. Any other end of a connection goes to recovery.ts.

import type { GemtokenError } from '../../errors.js';
import { InputBacklog } from './backlog.js';
import { OnceContract, type SessionEnd } from './once-contract.js';
import { ConnectionSlot } from './connection-slot.js';
import { Conversation } from './conversation.js';
import type { StatusSnapshot, TalkEvent } from './events.js';
import type { TurnEvent } from './reply-path.js';
import { Recovery, type Decision } from './recovery.js';
import { ResumePlan } from './resume-plan.js';
import type { Closing, Command, Happening, TalkSessionConfig } from './session-types.js';
import { SessionTelemetry } from './session-telemetry.js';
import { ToolCalls } from './tool-calls.js';
import { clientCloseError, describeClose, failureClose, type CloseContext } from '../wire/close-errors.js';
import { decodeServerFrame } from '../wire/decode.js';
import { buildSetupMessage } from '../wire/setup-message.js';
import type { Outgoing, ServerEvent } from '../wire/wire-types.js';

/** A close from our side: 1000, with the reason the server will see. */
const byClient = (reason = ''): Closing => ({ code: 1000, reason, by: 'client' });

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
  readonly #tools: ToolCalls;
  readonly #once = new OnceContract();

  constructor(config: TalkSessionConfig) {
    this.#config = config;
    this.#closeCtx = { apiVersion: config.apiVersion, model: config.setup.model };
    this.#backlog = new InputBacklog(config.backlogLimitBytes);
    this.#plan = new ResumePlan(config);
    this.#recovery = new Recovery(config, this.#closeCtx);
    this.#tools = new ToolCalls(
      (command) => this.#emit(command),
      (message) => this.#route(message, 0),
      (now) => this.#talk.toolActivity(now),
    );
    this.#talk = new Conversation(
      config,
      (command) => this.#emit(command),
      (message, bytes) => this.#route(message, bytes),
    );
    this.#telemetry = new SessionTelemetry(config, {
      gatedFrames: () => this.#talk.input.gatedFrames,
      droppedFrames: () => this.#backlog.droppedFrames,
      videoOff: () => this.#talk.input.videoOff,
      note: () => this.#recovery.note,
    });
  }

  // `now` (monotonic ms) rides alongside: `{ ...input, now }` made V8 build hidden classes per call.
  dispatch(input: Happening, now: number): Command[] {
    this.#out = [];
    if (!this.finished) this.#handle(input, now);
    return this.#out;
  }

  get finished(): boolean {
    return this.#slot.state === 'done';
  }
  get held(): number {
    return this.#backlog.size;
  } // messages waiting for a connection
  snapshot(now: number, wallNow: number): StatusSnapshot {
    return this.#telemetry.snapshot(this.#slot.phase() ?? this.#talk.phase(now), this.#talk.input.levelDb, wallNow);
  }

  #handle(input: Happening, now: number): void {
    switch (input.type) {
      case 'start':
        if (this.#slot.state === 'idle') this.#slot.open(buildSetupMessage(this.#config.setup, undefined));
        return;
      case 'connected':
        return this.#connected(input.id);
      case 'connect-failed':
        if (input.id !== this.#slot.id) return;
        // A setup that timed out is given up on by us; every other failure is the server's doing.
        return this.#apply(this.#recovery.connectFailed(input.failure, this.#slot.state === 'reconnecting', now), now, {
          ...failureClose(input.failure),
          by: input.failure.kind === 'timeout' ? 'client' : 'server',
        });
      case 'token-renewed':
        if (this.#slot.state !== 'waiting') return;
        this.#telemetry.tokenExpiresAt = input.expiresAt;
        this.#recovery.tokenReplaced(input.uses);
        this.#event({ type: 'token', source: input.source, reason: this.#recovery.renewReason });
        return this.#reconnect();
      case 'token-failed':
        return this.#finish(input.error, byClient('no token'), { kind: 'failed' });
      case 'frame':
        return this.#frame(input.id, input.data, now);
      case 'closed':
        return this.#closed(input.id, input.code, input.reason, now, input.by);
      case 'audio':
      case 'video':
        return this.#talk.capture(input, now);
      case 'input-end':
        return this.#talk.inputEnded(now);
      case 'text':
        return this.#talk.text(input.text);
      case 'key':
        if (input.key === 'quit') return this.#finish(undefined, byClient('quit'), { kind: 'quit' });
        return this.#talk.key(input.key);
      case 'tick':
        return this.#tick(now);
      case 'tool-result':
        return this.#tools.result(input.id, input.outcome, now);
    }
  }

  #emit(command: Command): void {
    this.#out.push(command);
  }
  #event(event: TalkEvent): void {
    this.#emit({ type: 'event', event });
  }

  #connected(id: number): void {
    const up = this.#slot.up(id);
    if (!up) return;
    this.#plan.resumed();
    this.#recovery.connected();
    // The counter counts resumes, not connect attempts (a refused or retried attempt is not one).
    if (up === 'resumed') this.#telemetry.reconnects += 1;
    const held = this.#backlog.drain();
    this.#event(this.#telemetry.upEvent(up, held.length));
    for (const message of held) this.#send(message);
  }

  #frame(id: number, data: string | Buffer, now: number): void {
    const decoded = decodeServerFrame(data);
    if (!decoded.ok)
      return this.#event({ type: 'warning', message: `skipped a server frame: ${decoded.problem.detail}` });
    for (const event of decoded.events) if (!this.finished) this.#server(event, id, now);
  }

  #server(event: ServerEvent, id: number, now: number): void {
    switch (event.type) {
      case 'goAway':
        if (id !== this.#slot.id || this.#slot.state !== 'live') return;
        this.#event(this.#plan.goAway(now, event.timeLeftMs));
        return this.#maybeResume(now);
      case 'resumptionUpdate':
        if (!event.resumable || !event.handle) return;
        this.#plan.newHandle(event.handle);
        return this.#maybeResume(now);
      case 'toolCall':
        return this.#tools.call(event.calls, now);
      case 'toolCallCancellation':
        return this.#tools.cancel(event.ids, now);
      default: {
        const turn = this.#talk.server(event, now);
        if (turn) this.#turnComplete(turn, now);
      }
    }
  }

  #turnComplete(turn: TurnEvent, now: number): void {
    this.#plan.turnComplete(now);
    this.#maybeResume(now);
    const complete = this.#talk.completes(turn);
    this.#once.turnComplete(complete);
    if (complete && this.#config.once) this.#finish(undefined, byClient(), { kind: 'answered' }, true);
  }

  #maybeResume(now: number): void {
    if (this.#slot.state !== 'live' || !this.#plan.due(now, this.#talk.turnInFlight)) return;
    this.#cut(now, 'the connection was replaced after a goAway');
    this.#slot.closeForResume(now, this.#config.closeWaitMs);
  }

  #closed(id: number, code: number, reason: string, now: number, by?: 'client'): void {
    if (id !== this.#slot.id) return;
    if (this.#slot.state === 'closing-old' || this.#slot.state === 'terminating') return this.#reconnect();
    if (this.#slot.state !== 'live') return;
    if (by) return this.#finish(clientCloseError(code, reason), { code, reason, by }, { kind: 'failed' });
    this.#apply(this.#recovery.dropped(code, reason, this.#plan, now), now, { code, reason, by: 'server' });
  }

  /** Carries out Recovery's decision; the connection is gone (or never came up) at this point. */
  #apply(decision: Decision, now: number, closing: Closing): void {
    const { code, reason: why } = closing;
    if (decision.kind === 'give-up')
      return this.#finish(decision.error, closing, { kind: 'closed', code, reason: why });
    this.#cut(now, `the connection dropped: ${describeClose(code, why)}`);
    if (decision.kind === 'resume') return this.#reconnect();
    this.#slot.wait();
    if (decision.kind === 'renew') return this.#emit({ type: 'renew-token' });
    const { attempt, of, inMs, reason } = decision;
    this.#event({ type: 'reconnecting', attempt, of, inMs, reason });
  }

  #reconnect(): void {
    if (this.#recovery.renewFirst()) {
      this.#slot.wait();
      return this.#emit({ type: 'renew-token' });
    }
    this.#slot.open(buildSetupMessage(this.#config.setup, this.#plan.handle));
  }

  #cut(now: number, why: string): void {
    if (this.#talk.cut(now)) this.#once.cut(why);
  }

  #route(message: Outgoing, audioBytes: number): void {
    this.#once.input();
    if (this.#slot.state === 'live') this.#send(message);
    else if (!this.finished) this.#backlog.push(message, audioBytes);
  }

  #send(message: Outgoing): void {
    this.#telemetry.sent(message);
    this.#slot.send(message);
  }

  #tick(now: number): void {
    const retry = this.#slot.state === 'waiting' && this.#recovery.retryDue(now);
    if (this.#slot.closeOverdue(now, this.#config.closeWaitMs) || retry) return this.#reconnect();
    this.#maybeResume(now);
    // A call being answered is part of the reply: a finished input does not end the session under it.
    if (this.#slot.state !== 'live' || this.#tools.pending > 0) return;
    const end = this.#talk.endCheck(now);
    if (!end) return;
    if (end.warning) this.#event({ type: 'warning', message: end.warning });
    this.#finish(end.error, byClient(), { kind: 'quiet' }, end.drain);
  }

  /** Every end of a session comes here, so --once's rule (once-contract.ts) is applied in this one place. */
  #finish(cause: GemtokenError | undefined, closing: Closing, end: SessionEnd, drain = false): void {
    const error = this.#config.once ? this.#once.outcome(end, cause) : cause;
    this.#slot.end(closing.by === 'client', closing.reason);
    this.#event({ type: 'closed', ...closing, ...this.#telemetry.closed() });
    this.#emit({ type: 'finish', drain, ...(error ? { error } : {}) });
  }
}
