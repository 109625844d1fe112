// One Live WebSocket connection: setup, then messages into the turn engine; timers for the
// connection lifetime (goAway, then the close of the `lifetime-deadline-1011` quirk: 1011 as seen,
// or 1008 as documented) and token expiry; every handler guarded so a bug closes only this session
// with 1011.

import type { WebSocket } from 'ws';
import type { EmulatorCore } from '../core.js';
import { credentialOwner, type AuthResult } from './auth.js';
import { CloseCode, Reason, fitReason, socketErrorCloseCode, type CloseSpec } from './close-codes.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import { SessionInput } from './session-input.js';
import type { SessionBook, SessionStats } from './session-book.js';
import { prepareSetup } from './session-setup.js';
import { connectionEnd, SessionTimers } from './session-timers.js';
import { decodeClientMessage, encodeServerMessage } from './client-message.js';
import { holdCloseReplies, turnCutter } from './session-faults.js';
import type { LiveRoute } from './route.js';
import { definedProps } from '../../defined-props.js';

export interface SessionDeps {
  readonly core: EmulatorCore;
  readonly registry: ConversationRegistry;
  readonly book: SessionBook;
  readonly onClosed: (session: LiveSession) => void;
}

type State = 'awaiting-setup' | 'active' | 'closing' | 'closed';

export class LiveSession {
  readonly stats: SessionStats;
  #state: State = 'awaiting-setup';
  #stalled = false;
  #conversation: Conversation | undefined;
  #input: SessionInput | undefined;
  #handlesSent = 0;
  readonly #timers: SessionTimers;

  constructor(
    private readonly ws: WebSocket,
    private readonly route: LiveRoute,
    private readonly auth: AuthResult,
    private readonly deps: SessionDeps,
  ) {
    this.#timers = new SessionTimers(deps.core.clock);
    const principal = auth.ok ? auth.principal.kind : 'none';
    const owner = auth.ok ? credentialOwner(route, deps.core.options.apiKeys, deps.core.store) : undefined;
    this.stats = deps.book.open({
      apiVersion: route.apiVersion,
      method: route.method,
      auth: principal,
      owner,
      openedAt: deps.core.clock.now(),
    });
    ws.on('message', (data: Buffer) => this.#guard(() => this.#onMessage(data)));
    ws.on('error', (error: Error & { code?: string }) => this.#guard(() => this.#onSocketError(error)));
    ws.on('close', (code: number, reason: Buffer) => this.#guard(() => this.#onClose(code, reason.toString('utf8'))));
    deps.core.log.event({
      event: 'live.open',
      session: this.stats.id,
      apiVersion: route.apiVersion,
      method: route.method,
      auth: principal,
    });
    this.#guard(() => this.#start());
  }

  /** Ends the session from our side; later calls are ignored. */
  close(spec: CloseSpec): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#state = 'closing';
    // A reason may quote what the client sent (a --scenario mismatch): it passes the key filter too.
    const reason = fitReason(this.deps.core.secrets.redact(spec.reason));
    Object.assign(this.stats, { closeCode: spec.code, closeReason: reason, closedBy: 'server' });
    this.#input?.dispose();
    this.#timers.clear();
    this.ws.close(spec.code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  #start(): void {
    if (!this.auth.ok) return this.close(this.auth.close);
    const { lifetimeMs, leadMs, end } = connectionEnd(
      this.deps.core.options,
      this.deps.core.scenario?.scenario.connection,
    );
    this.#timers.lifetime(
      lifetimeMs,
      leadMs,
      (timeLeft) => this.#send({ goAway: { timeLeft } }),
      () => this.close(end),
      this.#guard,
    );
    const { principal } = this.auth;
    if (principal.kind !== 'token') return;
    const expired = () => this.close({ code: CloseCode.internal, reason: Reason.tokenExpired });
    this.#timers.at(principal.token.expireTime - this.deps.core.clock.now(), expired, this.#guard);
  }

  /** False when the frame was not sent (stalled, closing): callers counting output must not count it. */
  #send = (message: Readonly<Record<string, unknown>>): boolean => {
    if (this.#stalled || this.#state !== 'active' || this.ws.readyState !== this.ws.OPEN) return false;
    const frame = encodeServerMessage(message, this.deps.core.options.quirks['indented-frames']);
    this.stats.bytesOut += frame.length;
    this.stats.framesOut += 1;
    // Binary frames, as the real server sends them (https://github.com/ai-shifu/ai-shifu/pull/2760).
    this.ws.send(frame, { binary: true });
    return true;
  };

  #onMessage(data: Buffer): void {
    if (this.#state !== 'awaiting-setup' && this.#state !== 'active') return;
    this.stats.framesIn += 1;
    this.stats.bytesIn += data.length;
    const principal = this.auth.ok ? this.auth.principal : undefined;
    if (principal?.kind === 'token' && this.deps.core.clock.now() >= principal.token.expireTime) {
      return this.close({ code: CloseCode.internal, reason: Reason.tokenExpired });
    }
    const decoded = decodeClientMessage(data);
    if (!decoded.ok) return this.close(decoded.close);
    const { kind, body } = decoded.value;
    if (this.#state === 'awaiting-setup') {
      if (kind !== 'setup') return this.close({ code: CloseCode.invalidPayload, reason: Reason.invalidArgument });
      return this.#onSetup(body);
    }
    if (kind === 'setup') return this.close({ code: CloseCode.invalidPayload, reason: Reason.invalidArgument });
    const problem = this.#input?.handle(kind, body);
    if (problem) this.close(problem);
  }

  #onSetup(body: unknown): void {
    if (!this.auth.ok) return;
    const { core, registry } = this.deps;
    const outcome = prepareSetup(body, {
      principal: this.auth.principal,
      apiVersion: this.route.apiVersion,
      models: core.options.models,
      now: core.clock.now(),
      registry,
      quirks: core.options.quirks,
    });
    for (const warning of outcome.warnings ?? [])
      core.log.event({ event: 'live.warning', session: this.stats.id, warning });
    if (!outcome.ok) return this.close(outcome.close);
    const { conversation, config, effective, resumed } = outcome;
    this.#conversation = conversation;
    registry.attach(conversation, resumed);
    if (!resumed) conversation.owner = this.stats.owner;
    const fault = core.faults.takeLive(['drop', 'stall', 'internal', 'slowclose'], this.stats.owner)?.kind;
    if (fault === 'slowclose') holdCloseReplies(this.ws, core.clock, () => this.#state === 'closing');
    Object.assign(this.stats, { conversationId: conversation.id, resumed, fault, setup: { effective, config } });
    this.#state = 'active';
    // The `stall` fault: the socket stays open but nothing is ever sent (not even setupComplete).
    this.#stalled = fault === 'stall';
    core.log.event({
      event: 'live.setup',
      session: this.stats.id,
      conversation: conversation.id,
      model: config.model,
      resumed,
      ...definedProps({ fault }),
    });
    this.#input = new SessionInput({
      clock: core.clock,
      config,
      conversation,
      registry,
      stats: this.stats,
      send: this.#send,
      cutTurn: turnCutter(fault, { handlesSent: () => this.#handlesSent, resumption: config.resumption }),
      onDrop: () => this.close({ code: CloseCode.internal, reason: Reason.internal }),
      onResumable: () => this.#resumable(),
      fail: (error) => this.#internalError(error),
      warn: (warning) => core.log.event({ event: 'live.warning', session: this.stats.id, warning }),
      ...definedProps({ scenario: core.scenario }),
      close: (spec) => this.close(spec),
      scenarioRefused: (reason) => core.log.event({ event: 'live.scenario', session: this.stats.id, reason }),
    });
    this.#send({ setupComplete: {} });
    this.#resumable();
  }

  #resumable(): void {
    if (!this.#conversation || !this.stats.setup?.config.resumption) return;
    if (
      this.#send({
        sessionResumptionUpdate: { newHandle: this.deps.registry.issueHandle(this.#conversation), resumable: true },
      })
    )
      this.#handlesSent += 1;
  }

  #onSocketError(error: Error & { code?: string }): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    // ws has already sent its own close frame (1009 oversize, 1007 bad UTF-8, 1002 protocol).
    this.#state = 'closing';
    const code = socketErrorCloseCode(error.code);
    Object.assign(this.stats, { closeCode: code, closeReason: error.message, closedBy: 'server' });
    this.#input?.dispose();
    this.#timers.clear();
  }

  #onClose(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#input?.dispose();
    this.#timers.clear();
    if (this.stats.closedBy === undefined)
      Object.assign(this.stats, { closeCode: code, closeReason: reason, closedBy: 'client' });
    this.stats.closedAt = this.deps.core.clock.now();
    if (this.#conversation) this.deps.registry.detach(this.#conversation);
    this.deps.book.close(this.stats);
    const { id, conversationId, closeCode, closeReason, closedBy, bytesIn, bytesOut, openedAt } = this.stats;
    this.deps.core.log.event({
      event: 'live.close',
      session: id,
      conversation: conversationId,
      code: closeCode,
      reason: closeReason,
      closedBy,
      durationMs: this.stats.closedAt - openedAt,
      bytesIn,
      bytesOut,
    });
    this.deps.onClosed(this);
  }

  #internalError(error: unknown): void {
    this.deps.core.log.event({
      event: 'live.internal-error',
      session: this.stats.id,
      message: error instanceof Error ? error.message : String(error),
    });
    this.close({ code: CloseCode.internal, reason: Reason.internal });
  }

  #guard = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      try {
        this.#internalError(error);
      } catch {
        this.ws.terminate();
      }
    }
  };
}
