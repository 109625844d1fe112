// What is said in a session, whichever connection carries it: the user's input path, the model's
// reply path, and when a finished input counts as answered. The machine owns the connections and
// the resumption rules; it hands the conversation what arrives and asks whether a turn is open.

import { EndWatch, type EndDecision } from './end-watch.js';
import { InputPath, type Deliver } from './input-path.js';
import { ReplyPath, type TurnEvent } from './reply-path.js';
import type { CaptureInput, Command, TalkSessionConfig, VideoInputHappening } from './session-types.js';
import type { Phase } from './events.js';
import type { ServerEvent } from '../wire/wire-types.js';
import { turnTextError } from './turn-tracker.js';

export class Conversation {
  readonly input: InputPath;
  readonly reply: ReplyPath;
  readonly #end: EndWatch;
  readonly #config: TalkSessionConfig;

  constructor(config: TalkSessionConfig, emit: (command: Command) => void, deliver: Deliver) {
    this.#config = config;
    this.#end = new EndWatch(config, config.once);
    this.reply = new ReplyPath({ modality: config.setup.modality, speaker: config.speaker }, emit);
    this.input = new InputPath({ ...config, pushToTalk: config.setup.pushToTalk }, deliver);
  }

  get turnInFlight(): boolean {
    return this.reply.turn.inFlight;
  }

  /** Audio, or a picture: it goes out unless sending is switched off, and counts toward its turn. */
  capture(input: CaptureInput | VideoInputHappening, now: number): void {
    if (input.type === 'audio') return this.input.audio(input.pcm, now, this.reply.playbackUntil);
    if (this.input.video(input.image, input.mimeType)) this.reply.turn.frame();
  }

  inputEnded(now: number): void {
    this.#end.inputEnded(now);
    this.input.end();
  }

  text(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.reply.userText(trimmed, true);
    this.input.text(trimmed);
  }

  key(key: 'mute' | 'talk' | 'video'): void {
    if (key === 'mute') this.input.toggleMute();
    else if (key === 'video') this.input.toggleVideo();
    else this.input.toggleTalk();
  }

  /** A conversational server event; returns the turn it completed, if any. */
  server(event: ServerEvent, now: number): TurnEvent | undefined {
    const turn = this.reply.handle(event, now);
    if (turn && replied(turn)) this.#end.replied(now);
    return turn;
  }

  /** A complete answer: the turn had a reply and was not interrupted (with --once it ends the session). */
  completes(turn: TurnEvent): boolean {
    return replied(turn) && !turn.interrupted;
  }

  /** A function call or its answer: the model is busy with the reply, however long the handler took. */
  toolActivity(now: number): void {
    this.reply.lastContentAt = now;
  }

  /** The resumed session restores the context at the handle; a turn still open will never complete. True if one was open. */
  cut(now: number): boolean {
    if (!this.reply.turn.inFlight) return false;
    const turn = this.reply.cut();
    if (turn && replied(turn)) this.#end.replied(now);
    return true;
  }

  endCheck(now: number): EndDecision | undefined {
    if (this.reply.turn.overflowed) return { drain: false, error: turnTextError() };
    return this.#end.check(now, { modelActive: this.reply.turn.modelActive, lastContentAt: this.reply.lastContentAt });
  }

  /** The phase while the connection is up. */
  phase(now: number): Phase {
    if (this.input.muted) return 'muted';
    if (this.#config.setup.pushToTalk) return this.input.talking ? 'talking' : 'push-to-talk';
    return now < this.reply.playbackUntil || this.reply.turn.modelActive ? 'speaking' : 'listening';
  }
}

function replied(turn: TurnEvent): boolean {
  return turn.audioBytes > 0 || turn.model.length > 0;
}
