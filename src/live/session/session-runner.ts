// The shell around the pure TalkSession: it feeds transport frames, capture audio, keys and clock
// ticks in, and carries the machine's commands out to the transport, the playback buffer and the
// event sinks. No decisions are made here; anything with a rule in it belongs in the machine.

import type { AudioInput } from '../../audio/ports.js';
import type { Cancel, Clock } from '../../clock.js';
import { GemtokenError, InterruptedError, NetworkError } from '../../errors.js';
import type { StatusSnapshot, TalkEvent } from './events.js';
import { TalkSession } from './session-machine.js';
import type { Command, KeyAction, MachineInput, TalkSessionConfig } from './session-types.js';
import { encodeClientMessage } from '../wire/setup-message.js';
import { TransportError, type LiveConnection, type LiveTransport } from '../transport/transport.js';

/** What the runner needs of the playback buffer (src/audio/playback-buffer.ts implements it). */
export interface PlaybackSink {
  enqueue(pcm: Buffer): void;
  endTurn(): void;
  flush(): { readonly heardMs: number };
  drained(): Promise<void>;
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
  readonly playback?: PlaybackSink;
  readonly recorder?: AudioRecorder;
  readonly onEvent: (event: TalkEvent) => void;
}

export interface SessionRunnerOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly connectTimeoutMs: number;
  readonly session: TalkSessionConfig;
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
  readonly #connections = new Map<number, LiveConnection>();
  /** Connections that reached setupComplete and have not reported their close yet. */
  readonly #open = new Set<number>();
  #allClosed: (() => void) | undefined;
  #heardMs: number | undefined;
  #finished: { drain: boolean; error?: GemtokenError } | undefined;
  #wakeFinish: (() => void) | undefined;

  constructor(deps: SessionRunnerDeps, options: SessionRunnerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#machine = new TalkSession(options.session);
  }

  snapshot(): StatusSnapshot {
    return this.#machine.snapshot(this.#deps.clock.monotonic(), this.#deps.clock.now());
  }

  key(key: KeyAction): void {
    this.#dispatch({ type: 'key', key });
  }

  text(text: string): void {
    this.#dispatch({ type: 'text', text });
  }

  /** Runs the session to its end; rejects with a GemtokenError (InterruptedError on abort). */
  async run(): Promise<void> {
    const { clock, signal, input } = this.#deps;
    if (signal.aborted) throw signal.reason instanceof GemtokenError ? signal.reason : new InterruptedError();
    const finished = new Promise<void>((resolve) => (this.#wakeFinish = resolve));
    const onAbort = (): void => this.#dispatch({ type: 'key', key: 'quit' });
    signal.addEventListener('abort', onAbort, { once: true });
    const stopTicks: Cancel = clock.setInterval(() => this.#dispatch({ type: 'tick' }), this.#options.tickMs ?? 100);
    try {
      if (input) {
        await input.start({
          chunk: (pcm) => this.#dispatch({ type: 'audio', pcm }),
          end: () => this.#dispatch({ type: 'input-end' }),
          error: (error) => this.#fail(error),
        });
      }
      this.#dispatch({ type: 'start' });
      await finished;
    } finally {
      stopTicks();
      signal.removeEventListener('abort', onAbort);
      await input?.stop();
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
      await Promise.race([playback.drained(), delay(clock, this.#options.drainLimitMs ?? 30_000)]);
    }
    if (this.#open.size > 0) {
      // Give the close handshake a moment so the server sees our 1000, not a dropped TCP connection.
      const closed = new Promise<void>((resolve) => (this.#allClosed = resolve));
      await Promise.race([closed, delay(clock, this.#options.closeLimitMs ?? 1000)]);
    }
  }

  #afterSetup(): void {
    if (this.#options.text !== undefined) this.#dispatch({ type: 'text', text: this.#options.text });
    if (!this.#deps.input) this.#dispatch({ type: 'input-end' });
  }

  #dispatch(input: DistributiveOmit<MachineInput, 'now'>): void {
    const commands = this.#machine.dispatch({ ...input, now: this.#deps.clock.monotonic() } as MachineInput);
    for (const command of commands) this.#execute(command);
  }

  #execute(command: Command): void {
    const { playback, recorder, onEvent } = this.#deps;
    switch (command.type) {
      case 'connect':
        return this.#connect(command.id, command.setup);
      case 'send':
        return this.#connections.get(command.id)?.send(encodeClientMessage({ realtimeInput: command.message }));
      case 'close':
        return this.#connections.get(command.id)?.close(command.code, command.reason);
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
        return onEvent(command.event);
      case 'finish':
        this.#finished ??= { drain: command.drain, ...(command.error ? { error: command.error } : {}) };
        return this.#wakeFinish?.();
    }
  }

  #connect(id: number, setup: Command & { type: 'connect' } extends { setup: infer S } ? S : never): void {
    const { transport } = this.#deps;
    const { baseUrl, token, connectTimeoutMs, session } = this.#options;
    const request = { baseUrl, token, apiVersion: session.apiVersion, setup, timeoutMs: connectTimeoutMs };
    transport
      .connect(request, {
        message: (data) => this.#dispatch({ type: 'frame', id, data }),
        close: (code, reason) => {
          this.#connections.delete(id);
          this.#open.delete(id);
          if (this.#open.size === 0) this.#allClosed?.();
          this.#dispatch({ type: 'closed', id, code, reason });
        },
      })
      .then(
        (connection) => {
          this.#connections.set(id, connection);
          this.#open.add(id);
          // A connect that lands after the session ended is closed straight away.
          if (this.#finished) return connection.close(1000, 'session ended');
          this.#dispatch({ type: 'connected', id });
        },
        (error: unknown) => {
          const failure = error instanceof TransportError ? error.failure : { kind: 'network' as const, message: error instanceof Error ? error.message : String(error) };
          this.#dispatch({ type: 'connect-failed', id, failure });
        },
      );
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
