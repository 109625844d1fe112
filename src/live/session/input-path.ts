// The user's side of a session: capture frames, mute, push-to-talk, typed text and the end of a
// file input become RealtimeInput messages in the order they must reach the server. The session
// decides whether each one goes on the socket now or into the reconnect backlog. Frames arrive
// already cut to the AudioInput port's 20 ms (audio/ports.ts) and go out one message each.

import { measureLevel } from '../../audio/pcm/level.js';
import type { EchoMode } from './session-types.js';
import { realtime } from '../wire/client-message.js';
import type { RealtimeInput, VideoMime } from '../wire/wire-types.js';

export interface InputPathConfig {
  readonly pushToTalk: boolean;
  readonly echo: EchoMode;
  readonly echoTailMs: number;
  readonly speaker: boolean;
  readonly liveInput: boolean;
}

export type Deliver = (message: RealtimeInput, audioBytes: number) => void;

export class InputPath {
  readonly #config: InputPathConfig;
  readonly #deliver: Deliver;
  #streamOpen = false;
  muted = false;
  talking = false;
  ended = false;
  gatedFrames = 0;
  /** The `v` key: frames of a camera or the screen are not sent (and counted) while it is off. */
  videoOff = false;
  videoSent = 0;
  videoHeld = 0;
  #lastFrame: Buffer | undefined;
  #measured: { readonly frame: Buffer; readonly dbfs: number } | undefined;

  constructor(config: InputPathConfig, deliver: Deliver) {
    this.#config = config;
    this.#deliver = deliver;
  }

  /** `playbackUntil`: when the model audio handed to the speaker so far ends (monotonic ms). */
  audio(frame: Buffer, now: number, playbackUntil: number): void {
    this.#lastFrame = frame;
    if (this.ended || this.muted) return;
    if (this.#config.pushToTalk && !this.talking) return;
    if (this.#gated(now, playbackUntil)) {
      this.gatedFrames += 1;
      return;
    }
    this.#streamOpen = true;
    this.#deliver(realtime.audio(frame), frame.length);
  }

  /** True when the picture went out (or into the backlog); pictures are independent of the audio stream. */
  video(image: Buffer, mimeType: VideoMime): boolean {
    if (this.videoOff) {
      this.videoHeld += 1;
      return false;
    }
    this.videoSent += 1;
    this.#deliver(realtime.video(image, mimeType), 0);
    return true;
  }

  toggleVideo(): void {
    this.videoOff = !this.videoOff;
  }

  /**
   * The latest frame's level (dBFS) for the status line's meter: measured when the line asks (10
   * times a second at a terminal, never without one), not on each of 50 frames a second.
   */
  get levelDb(): number | undefined {
    const frame = this.#lastFrame;
    if (frame === undefined) return undefined;
    if (this.#measured?.frame !== frame) this.#measured = { frame, dbfs: measureLevel(frame).dbfs };
    return this.#measured.dbfs;
  }

  /** Half-duplex: a mic that can hear the speaker stays shut while the model talks, plus a tail. */
  #gated(now: number, playbackUntil: number): boolean {
    const c = this.#config;
    return c.echo === 'half-duplex' && c.speaker && c.liveInput && now < playbackUntil + c.echoTailMs;
  }

  /** Ends the audio stream the way the current mode requires. */
  #endStream(): void {
    if (this.#config.pushToTalk) {
      if (this.talking) this.#deliver(realtime.activityEnd(), 0);
      this.talking = false;
    } else if (this.#streamOpen) {
      // audioStreamEnd only after audio: it tells the server's VAD the stream paused (https://ai.google.dev/api/live).
      this.#deliver(realtime.streamEnd(), 0);
    }
    this.#streamOpen = false;
  }

  end(): void {
    if (this.ended) return;
    this.#endStream();
    this.ended = true;
  }

  text(text: string): void {
    // realtimeInput.text rather than clientContent: it rides the same ordered realtime channel as the
    // audio, and clientContent mixed with realtime audio is refused by some models.
    this.#deliver(realtime.text(text), 0);
  }

  toggleMute(): void {
    this.muted = !this.muted;
    if (this.muted) this.#endStream();
  }

  /** Space in push-to-talk mode: raw terminals report no key-up, so it toggles. */
  toggleTalk(): void {
    if (!this.#config.pushToTalk || this.muted || this.ended) return;
    if (this.talking) return this.#endStream();
    this.talking = true;
    this.#deliver(realtime.activityStart(), 0);
  }
}
