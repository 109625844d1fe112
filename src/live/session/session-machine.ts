// The talk session as a pure, event-driven state machine: MachineInput in, Commands out, no I/O and
// no clock of its own, so every protocol rule below is tested with fakes (test/component/live-*).
// Rules that come from the field (users.md C1, C5): on goAway close the old socket *before*
// resuming (a resume is refused while it is open); audio captured meanwhile is held and sent after,
// in order; barge-in flushes playback at once and late audio of the cut turn is dropped.
// A goAway in the middle of a turn lets that turn finish (and waits briefly for the handle taken
// after it) as long as the server's timeLeft allows; otherwise the turn is reported as cut.

import { NetworkError, type GemtokenError } from '../../errors.js';
import { EndWatch } from './end-watch.js';
import { ResumePlan } from './resume-plan.js';
import { InputBacklog } from './backlog.js';
import { closeError, failureError } from '../wire/close-errors.js';
import { decodeServerFrame } from '../wire/decode.js';
import type { StatusSnapshot, TalkEvent } from './events.js';
import { InputPath } from './input-path.js';
import type { Command, MachineInput, TalkSessionConfig } from './session-types.js';
import { buildSetupMessage } from '../wire/setup-message.js';
import { ReplyPath, type TurnEvent } from './reply-path.js';
import type { RealtimeInput, ServerEvent } from '../wire/wire-types.js';

type State = 'idle' | 'connecting' | 'live' | 'closing-old' | 'reconnecting' | 'done';

export class TalkSession {
  readonly #config: TalkSessionConfig;
  readonly #backlog: InputBacklog;
  #out: Command[] = [];
  #state: State = 'idle';
  #id = 0;
  #everConnected = false;
  #reconnects = 0;
  #closeDeadline = 0;
  #sentFrames = 0;
  #sentAudioBytes = 0;
  readonly #input: InputPath;
  readonly #reply: ReplyPath;
  readonly #plan: ResumePlan;
  readonly #end: EndWatch;

  constructor(config: TalkSessionConfig) {
    this.#config = config;
    this.#backlog = new InputBacklog(config.backlogLimitBytes);
    this.#plan = new ResumePlan(config);
    this.#end = new EndWatch(config, config.once);
    this.#reply = new ReplyPath({ modality: config.setup.modality, speaker: config.speaker }, (command) => this.#emit(command));
    this.#input = new InputPath({ ...config, pushToTalk: config.setup.pushToTalk }, (message, bytes) => this.#route(message, bytes));
  }

  dispatch(input: MachineInput): Command[] {
    this.#out = [];
    if (this.#state !== 'done') this.#handle_(input);
    return this.#out;
  }

  get finished(): boolean {
    return this.#state === 'done';
  }

  snapshot(now: number, wallNow: number): StatusSnapshot {
    const { tokenExpiresAt, echo, speaker, liveInput } = this.#config;
    return {
      phase: this.#phase(now),
      micLevelDb: this.#input.levelDb,
      tokenMsLeft: tokenExpiresAt === undefined ? undefined : Math.max(0, tokenExpiresAt - wallNow),
      echo: speaker && liveInput ? echo : 'off',
      reconnects: this.#reconnects,
      sentFrames: this.#sentFrames,
      gatedFrames: this.#input.gatedFrames,
      droppedFrames: this.#backlog.droppedFrames,
    };
  }

  #handle_(input: MachineInput): void {
    const now = input.now;
    switch (input.type) {
      case 'start':
        if (this.#state === 'idle') this.#connect('connecting');
        return;
      case 'connected':
        return this.#connected(input.id);
      case 'connect-failed':
        if (input.id !== this.#id) return;
        return this.#finish(failureError(input.failure, this.#closeCtx()), closedEvent(input.failure));
      case 'frame':
        return this.#frame(input.id, input.data, now);
      case 'closed':
        return this.#closed(input.id, input.code, input.reason, now);
      case 'audio':
        return this.#input.audio(input.pcm, now, this.#reply.playbackUntil);
      case 'input-end':
        this.#end.inputEnded(now);
        return this.#input.end();
      case 'text':
        return this.#text(input.text);
      case 'key':
        if (input.key === 'quit') return this.#finish(undefined, { code: 1000, reason: 'quit', by: 'client' }, false);
        return input.key === 'mute' ? this.#input.toggleMute() : this.#input.toggleTalk();
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

  #closeCtx() {
    return { apiVersion: this.#config.apiVersion, model: this.#config.setup.model };
  }

  #connect(state: 'connecting' | 'reconnecting'): void {
    this.#state = state;
    this.#id += 1;
    this.#emit({ type: 'connect', id: this.#id, setup: buildSetupMessage(this.#config.setup, this.#plan.handle) });
  }

  #connected(id: number): void {
    if (id !== this.#id) return this.#emit({ type: 'close', id, code: 1000, reason: 'superseded' });
    this.#state = 'live';
    this.#plan.resumed();
    const held = this.#backlog.drain();
    if (!this.#everConnected) {
      this.#everConnected = true;
      const c = this.#config;
      this.#event({ type: 'setup', model: c.setup.model, apiVersion: c.apiVersion, modality: c.setup.modality, echo: this.snapshot(0, 0).echo, pushToTalk: c.setup.pushToTalk });
    } else {
      this.#event({ type: 'resumed', reconnects: this.#reconnects, backlogMessages: held.length, droppedFrames: this.#backlog.droppedFrames });
    }
    for (const message of held) this.#send(message);
  }

  #frame(id: number, data: string | Buffer, now: number): void {
    const decoded = decodeServerFrame(data);
    if (!decoded.ok) return this.#event({ type: 'warning', message: `skipped a server frame: ${decoded.problem.detail}` });
    for (const event of decoded.events) {
      this.#server(event, id, now);
      if (this.#state === 'done') return;
    }
  }

  #server(event: ServerEvent, id: number, now: number): void {
    switch (event.type) {
      case 'goAway':
        if (id !== this.#id || this.#state !== 'live') return;
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
        const turn = this.#reply.handle(event, now);
        if (turn) this.#turnComplete(turn, now);
      }
    }
  }

  #turnComplete(turn: TurnEvent, now: number): void {
    this.#plan.turnComplete(now);
    this.#maybeResume(now);
    const replied = turn.audioBytes > 0 || turn.model.length > 0;
    if (replied) this.#end.replied(now);
    if (replied && !turn.interrupted && this.#config.once) this.#finish(undefined, { code: 1000, reason: '', by: 'client' }, true);
  }

  #maybeResume(now: number): void {
    if (this.#state === 'live' && this.#plan.due(now, this.#reply.turn.inFlight)) this.#closeForResume(now);
  }

  #closeForResume(now: number): void {
    this.#cutTurn(now);
    this.#state = 'closing-old';
    this.#closeDeadline = now + this.#config.closeWaitMs;
    this.#emit({ type: 'close', id: this.#id, code: 1000, reason: 'resuming after goAway' });
  }

  #closed(id: number, code: number, reason: string, now: number): void {
    if (id !== this.#id) return;
    if (this.#state === 'closing-old') return this.#reconnect();
    if (this.#state !== 'live') return;
    if (this.#plan.goAwaySeen && this.#plan.handle !== undefined) {
      this.#cutTurn(now);
      return this.#reconnect();
    }
    const event = { code, reason, by: 'server' as const };
    if (this.#plan.goAwaySeen) {
      const error = new NetworkError(
        `the connection reached its time limit before the server offered a resumption handle (close ${code})`,
        'start talk again; the conversation could not be resumed',
      );
      return this.#finish(error, event);
    }
    this.#finish(code === 1000 ? undefined : closeError(code, reason, this.#closeCtx()), event, false);
  }

  /** The resumed session restores the context at the handle; a turn still open will never complete. */
  #cutTurn(now: number): void {
    if (!this.#reply.turn.inFlight) return;
    const turn = this.#reply.cut();
    if (turn && (turn.audioBytes > 0 || turn.model.length > 0)) this.#end.replied(now);
  }

  #reconnect(): void {
    this.#reconnects += 1;
    this.#connect('reconnecting');
  }

  #text(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.#reply.userText(trimmed);
    this.#input.text(trimmed);
  }

  #route(message: RealtimeInput, audioBytes: number): void {
    if (this.#state === 'live') this.#send(message);
    else if (this.#state !== 'done') this.#backlog.push(message, audioBytes);
  }

  #send(message: RealtimeInput): void {
    if ('audio' in message) {
      this.#sentFrames += 1;
      this.#sentAudioBytes += base64Bytes(message.audio.data);
    }
    this.#emit({ type: 'send', id: this.#id, message });
  }

  #tick(now: number): void {
    if (this.#state === 'closing-old' && now >= this.#closeDeadline) return this.#reconnect();
    this.#maybeResume(now);
    if (this.#state !== 'live') return;
    const end = this.#end.check(now, { modelActive: this.#reply.turn.modelActive, lastContentAt: this.#reply.lastContentAt });
    if (!end) return;
    if (end.warning) this.#event({ type: 'warning', message: end.warning });
    this.#finish(end.error, { code: 1000, reason: '', by: 'client' }, end.drain);
  }

  #finish(error: GemtokenError | undefined, closed: { code: number; reason: string; by: 'client' | 'server' }, drain = false): void {
    if (closed.by === 'client' && this.#state !== 'idle') this.#emit({ type: 'close', id: this.#id, code: 1000, reason: closed.reason || 'done' });
    this.#event({ type: 'closed', ...closed, audioBytesSent: this.#sentAudioBytes, droppedFrames: this.#backlog.droppedFrames, gatedFrames: this.#input.gatedFrames });
    this.#state = 'done';
    this.#emit({ type: 'finish', drain, ...(error ? { error } : {}) });
  }

  #phase(now: number): StatusSnapshot['phase'] {
    if (this.#state === 'idle' || this.#state === 'connecting') return 'connecting';
    if (this.#state === 'closing-old' || this.#state === 'reconnecting') return 'reconnecting';
    if (this.#state === 'done') return 'closing';
    if (this.#input.muted) return 'muted';
    if (this.#config.setup.pushToTalk) return this.#input.talking ? 'talking' : 'push-to-talk';
    return now < this.#reply.playbackUntil || this.#reply.turn.modelActive ? 'speaking' : 'listening';
  }
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

function closedEvent(failure: { kind: string; code?: number; reason?: string }): { code: number; reason: string; by: 'server' } {
  return failure.kind === 'closed' ? { code: failure.code ?? 1006, reason: failure.reason ?? '', by: 'server' } : { code: 1006, reason: failure.kind, by: 'server' };
}
