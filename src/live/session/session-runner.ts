// The shell around the pure TalkSession: frames, capture audio, keys and ticks in; the machine's commands
// out to the transport, playback and event sinks. No rule lives here: rules belong in the machine.

import { FRAME_MS, type AudioInput } from '../../audio/ports.js';
import { waitAtMost, type Clock } from '../../clock.js';
import { GemtokenError, InterruptedError, NetworkError } from '../../errors.js';
import type { StatusSnapshot, TalkEvent } from './events.js';
import { TalkSession } from './session-machine.js';
import type { Command, Happening, KeyAction } from './session-types.js';
import { SessionSockets, type SocketOptions } from './session-sockets.js';
import { encodeOutgoing } from '../wire/client-message.js';
import type { LiveTransport } from '../transport/transport.js';
import { Ticker } from './ticker.js';
import { renewToken, type RenewedToken } from './token-renewal.js';
import { sessionToolRunner, type ToolHandler, type ToolRunner } from './tool-runner.js';
import type { VideoFrame, VideoInput } from '../../vision/ports.js';
import { LatestFrame } from '../../vision/frame-queue.js';

/** What the runner needs of the playback buffer (src/audio/playback/playback-buffer.ts implements it). */
export interface PlaybackSink {
  enqueue(pcm: Buffer): void;
  endTurn(): void;
  flush(): { readonly heardMs: number };
  drained(): Promise<void>;
  /** Audio dropped because the queue was over its cap; reported in the `closed` event. */
  readonly overflowDroppedMs?: number;
}

/** A recorder of the model's audio (--output reply.wav); written as it arrives, unpaced. */
export interface AudioRecorder {
  write(pcm: Buffer): void;
}

export interface SessionRunnerDeps {
  readonly transport: LiveTransport;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly input?: AudioInput;
  /** --video, --camera or --screen: started once the session is up, paced by its source. */
  readonly video?: VideoInput;
  /** --image: sent once, before the text and the first audio. */
  readonly images?: readonly VideoFrame[];
  readonly playback?: PlaybackSink;
  readonly recorder?: AudioRecorder;
  readonly onEvent: (event: TalkEvent) => void;
  /** Where fresh tokens come from (session.tokenSupply says which kind); rejects with a GemtokenError. */
  readonly renewToken?: () => Promise<RenewedToken>;
  /** Answers the model's function calls; without one every call gets {"error":"no tool handler"}. */
  readonly tools?: ToolHandler;
}

export interface SessionRunnerOptions extends SocketOptions {
  /** --text: sent as soon as the session is up (held until then). */
  readonly text?: string;
  readonly tickMs?: number;
  /** Longest wait for playback to finish / the close handshake when ending. */
  readonly drainLimitMs?: number;
  readonly closeLimitMs?: number;
}

export class SessionRunner {
  readonly #deps: SessionRunnerDeps;
  readonly #options: SessionRunnerOptions;
  readonly #machine: TalkSession;
  readonly #sockets: SessionSockets;
  readonly #tools: ToolRunner;
  readonly #feed: LatestFrame<VideoFrame>;
  /** Inputs that have not ended yet (audio, a video file); at 0 the machine hears input-end. */
  #inputsOpen = 0;
  #textDue = false;
  #heardMs: number | undefined;
  #finished: { drain: boolean; error?: GemtokenError } | undefined;
  #wakeFinish: (() => void) | undefined;

  constructor(deps: SessionRunnerDeps, options: SessionRunnerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#machine = new TalkSession(options.session);
    const warn = (message: string): void => deps.onEvent({ type: 'warning', message });
    this.#tools = sessionToolRunner(
      deps.tools,
      options.session.setup.tools,
      (id, outcome) => this.#dispatch({ type: 'tool-result', id, outcome }),
      warn,
    );
    this.#sockets = new SessionSockets(
      deps.transport,
      options,
      (happening) => this.#dispatch(happening),
      () => this.#finished !== undefined,
    );
    this.#feed = new LatestFrame<VideoFrame>(
      (frame) => {
        this.#dispatch({ type: 'video', ...frame });
        this.#sendText();
      },
      () => this.#sockets.hasRoom(),
    );
  }

  snapshot(): StatusSnapshot {
    return this.#machine.snapshot(this.#deps.clock.monotonic(), this.#deps.clock.now());
  }

  key(key: KeyAction): void {
    this.#dispatch({ type: 'key', key });
  }
  typed(input: string | VideoFrame): void {
    this.#dispatch(typeof input === 'string' ? { type: 'text', text: input } : { type: 'video', ...input });
  }

  /** Runs the session to its end; rejects with a GemtokenError (InterruptedError on abort). */
  async run(): Promise<void> {
    const { clock, signal, input, video } = this.#deps;
    this.#inputsOpen = (input ? 1 : 0) + (video ? 1 : 0);
    if (signal.aborted) throw signal.reason instanceof GemtokenError ? signal.reason : new InterruptedError();
    const finished = new Promise<void>((resolve) => (this.#wakeFinish = resolve));
    const onAbort = (): void => this.#dispatch({ type: 'key', key: 'quit' });
    signal.addEventListener('abort', onAbort, { once: true });
    const ticker = new Ticker(clock, this.#options.tickMs ?? 100, FRAME_MS, () => {
      this.#feed.tick();
      this.#dispatch({ type: 'tick' });
    });
    ticker.start();
    try {
      if (input) {
        await input.start({
          chunk: (pcm) => {
            const now = clock.monotonic();
            this.#dispatch({ type: 'audio', pcm }, now);
            ticker.carry(now);
          },
          end: () => this.#inputEnded(),
          ready: () => this.#machine.held === 0 && this.#sockets.hasRoom(),
          error: (error) => this.#fail(error),
        });
      }
      // Held until the connection is up, then sent first: before the text, the audio and any video frame.
      for (const image of this.#deps.images ?? []) this.#dispatch({ type: 'video', ...image });
      this.#dispatch({ type: 'start' });
      await finished;
    } finally {
      ticker.stop();
      this.#tools.stopAll();
      signal.removeEventListener('abort', onAbort);
      await Promise.all([input?.stop(), video?.stop()]);
    }
    await this.#wrapUp();
    if (signal.aborted) throw signal.reason instanceof GemtokenError ? signal.reason : new InterruptedError();
    if (this.#finished?.error) throw this.#finished.error;
  }

  /** Input device failures end the session with the device's own error (exit 6 / 2). */
  #fail(error: Error): void {
    if (this.#finished) return;
    this.#dispatch({ type: 'key', key: 'quit' });
    const typed = error instanceof GemtokenError ? error : new NetworkError(`the audio input failed: ${error.message}`);
    this.#finished = { drain: false, error: typed };
  }

  async #wrapUp(): Promise<void> {
    const { playback, clock } = this.#deps;
    if (this.#finished?.drain && playback && !this.#deps.signal.aborted) {
      await waitAtMost(clock, this.#options.drainLimitMs ?? 30_000, playback.drained());
    }
    // Give the close handshake a moment so the server sees our 1000, not a dropped TCP connection.
    await waitAtMost(clock, this.#options.closeLimitMs ?? 1000, this.#sockets.allClosed());
  }

  #afterSetup(): void {
    // With a frame source, --text follows its first frame, so the question is asked about a picture.
    this.#textDue = this.#options.text !== undefined;
    if (!this.#deps.video) this.#sendText();
    if (this.#inputsOpen === 0) this.#dispatch({ type: 'input-end' });
    const end = (): void => {
      this.#sendText();
      this.#inputEnded();
    };
    this.#deps.video
      ?.start({ frame: (frame) => this.#feed.offer(frame), end, error: (e) => this.#fail(e) })
      .catch((error: Error) => this.#fail(error));
  }

  #sendText(): void {
    if (!this.#textDue || this.#options.text === undefined) return;
    this.#textDue = false;
    this.#dispatch({ type: 'text', text: this.#options.text });
  }

  /** An input ended (end of an --input file, of a --video file); once all have, so has the user's side. */
  #inputEnded(): void {
    this.#inputsOpen -= 1;
    if (this.#inputsOpen === 0) this.#dispatch({ type: 'input-end' });
  }

  #dispatch(happening: Happening, now = this.#deps.clock.monotonic()): void {
    const commands = this.#machine.dispatch(happening, now);
    for (const command of commands) this.#execute(command);
  }

  #execute(command: Command): void {
    const { playback, recorder, onEvent } = this.#deps;
    switch (command.type) {
      case 'connect':
        return this.#sockets.connect(command);
      case 'send':
        return this.#sockets.get(command.id)?.send(encodeOutgoing(command.message));
      case 'close':
        return this.#sockets.get(command.id)?.close(command.code, command.reason);
      case 'terminate':
        return this.#sockets.get(command.id)?.terminate();
      case 'run-tool':
        return this.#tools.start(command.call);
      case 'cancel-tool':
        return this.#tools.cancel(command.id);
      case 'renew-token':
        return renewToken(
          this.#deps.renewToken,
          (token) => this.#sockets.setToken(token),
          (happening) => this.#dispatch(happening),
        );
      case 'play':
        playback?.enqueue(command.pcm);
        return recorder?.write(command.pcm);
      case 'flush':
        this.#heardMs = playback?.flush().heardMs;
        return;
      case 'event':
        if (command.event.type === 'turn') playback?.endTurn();
        // --text (and the end of a text-only input) go out once the session is up, after its setup event.
        if (command.event.type === 'setup') queueMicrotask(() => this.#afterSetup());
        if (command.event.type === 'interrupted' && this.#heardMs !== undefined) {
          return onEvent({ ...command.event, heardMs: Math.round(this.#heardMs) });
        }
        if (command.event.type === 'closed') {
          const dropped = this.#feed.dropped + (this.#deps.video?.dropped ?? 0);
          const overflow = playback?.overflowDroppedMs;
          return onEvent({
            ...command.event,
            ...(dropped > 0 ? { framesDropped: dropped } : {}),
            ...(overflow !== undefined ? { playbackDroppedMs: Math.round(overflow) } : {}),
          });
        }
        return onEvent(command.event);
      case 'finish':
        this.#finished ??= { drain: command.drain, ...(command.error ? { error: command.error } : {}) };
        return this.#wakeFinish?.();
    }
  }
}
