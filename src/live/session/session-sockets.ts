// The sockets one talk session has open, by connection id. It opens them through the transport and
// turns what each one reports (frames, close, a failed connect) into machine inputs; it knows when
// the last one has closed, so the session can wait for its close handshakes.

import type { ConnectCommand, Happening, TalkSessionConfig } from './session-types.js';
import { TransportError, type LiveConnection, type LiveTransport } from '../transport/transport.js';
import { definedProps } from '../../defined-props.js';

export interface SocketOptions {
  readonly baseUrl: string;
  /** The first token; a fresh one replaces it through setToken. */
  readonly token: string;
  readonly connectTimeoutMs: number;
  readonly session: TalkSessionConfig;
}

/**
 * What may wait in a socket's send buffer before a source that can wait (--input with --fast) is told
 * to: about 5 s of 16 kHz audio as base64 JSON. /dev/zero with --fast grew talk to 1 GB without it.
 */
export const SEND_HIGH_WATER_BYTES = 256 * 1024;

export class SessionSockets {
  readonly #transport: LiveTransport;
  readonly #options: SocketOptions;
  readonly #dispatch: (happening: Happening) => void;
  readonly #ended: () => boolean;
  /** Connections that reached setupComplete and have not reported their close yet. */
  readonly #open = new Map<number, LiveConnection>();
  #allClosed: (() => void) | undefined;
  #token: string;

  /** `ended`: the session is over, so a connect that lands now is closed straight away. */
  constructor(
    transport: LiveTransport,
    options: SocketOptions,
    dispatch: (happening: Happening) => void,
    ended: () => boolean,
  ) {
    this.#transport = transport;
    this.#options = options;
    this.#dispatch = dispatch;
    this.#ended = ended;
    this.#token = options.token;
  }

  /** The token the next connect uses. */
  setToken(token: string): void {
    this.#token = token;
  }

  get(id: number): LiveConnection | undefined {
    return this.#open.get(id);
  }

  /** Some connection is open and none holds more than SEND_HIGH_WATER_BYTES unsent. */
  hasRoom(): boolean {
    if (this.#open.size === 0) return false;
    for (const connection of this.#open.values()) if (connection.bufferedAmount > SEND_HIGH_WATER_BYTES) return false;
    return true;
  }

  /** Resolves once every open socket has reported its close (at once when none is open). */
  allClosed(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => (this.#allClosed = resolve));
  }

  connect({ id, setup }: ConnectCommand): void {
    const { baseUrl, connectTimeoutMs, session } = this.#options;
    const request = { baseUrl, token: this.#token, apiVersion: session.apiVersion, setup, timeoutMs: connectTimeoutMs };
    this.#transport
      .connect(request, {
        message: (data) => this.#dispatch({ type: 'frame', id, data }),
        close: (code, reason, by) => {
          this.#open.delete(id);
          if (this.#open.size === 0) this.#allClosed?.();
          this.#dispatch({ type: 'closed', id, code, reason, ...definedProps({ by }) });
        },
      })
      .then(
        (connection) => {
          this.#open.set(id, connection);
          if (this.#ended()) return connection.close(1000, 'session ended');
          this.#dispatch({ type: 'connected', id });
        },
        (error: unknown) => {
          const failure =
            error instanceof TransportError
              ? error.failure
              : { kind: 'network' as const, message: error instanceof Error ? error.message : String(error) };
          this.#dispatch({ type: 'connect-failed', id, failure });
        },
      );
  }
}
