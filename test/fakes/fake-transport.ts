// A hand-written LiveTransport (docs/architecture.md, "Ports"): the test plays the server. Each connect() becomes a
// FakeConnection the test accepts, rejects, feeds frames into and closes.

import type {
  ConnectRequest,
  LiveConnection,
  LiveTransport,
  TransportFailure,
  TransportHandlers,
} from '../../src/live/transport/transport.js';
import { TransportError } from '../../src/live/transport/transport.js';

export class FakeConnection implements LiveConnection {
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  /** terminate() was called: the socket was dropped without a close handshake. */
  terminated = false;
  /** Reply to our close with the same close frame (like a well-behaved server). */
  ackClose = true;
  #resolve!: (c: LiveConnection) => void;
  #reject!: (e: Error) => void;
  #closeReported = false;
  readonly promise: Promise<LiveConnection>;

  constructor(
    readonly request: ConnectRequest,
    readonly handlers: TransportHandlers,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** What the socket reports unsent (a slow connection: set it above SEND_HIGH_WATER_BYTES). */
  buffered = 0;

  get bufferedAmount(): number {
    return this.buffered;
  }

  /** setupComplete, then connect() resolves (the SDK adapter's order). */
  accept(): void {
    this.serverSend({ setupComplete: {} });
    this.#resolve(this);
  }

  fail(failure: TransportFailure): void {
    this.#reject(new TransportError(failure));
  }

  serverSend(json: unknown): void {
    this.handlers.message(Buffer.from(JSON.stringify(json)));
  }

  serverClose(code: number, reason = ''): void {
    if (this.#closeReported) return;
    this.#closeReported = true;
    this.handlers.close(code, reason);
  }

  send(json: string): void {
    if (this.closedWith) throw new Error(`send after close: ${json.slice(0, 80)}`);
    this.sent.push(json);
  }

  close(code: number, reason: string): void {
    if (this.closedWith) return;
    this.closedWith = { code, reason };
    if (this.ackClose) queueMicrotask(() => this.serverClose(code, reason));
  }

  /** Like ws: the socket is destroyed at once and reports 1006. */
  terminate(): void {
    this.terminated = true;
    this.closedWith ??= { code: 1006, reason: '' };
    queueMicrotask(() => this.serverClose(1006, ''));
  }

  get messages(): Record<string, unknown>[] {
    return this.sent.map((s) => (JSON.parse(s) as { realtimeInput: Record<string, unknown> }).realtimeInput);
  }

  /** All PCM sent on this connection, in order. */
  get audio(): Buffer {
    return Buffer.concat(
      this.messages.flatMap((m) => (m.audio ? [Buffer.from((m.audio as { data: string }).data, 'base64')] : [])),
    );
  }
}

export class FakeTransport implements LiveTransport {
  readonly connections: FakeConnection[] = [];
  #waiters: (() => void)[] = [];

  connect(request: ConnectRequest, handlers: TransportHandlers): Promise<LiveConnection> {
    const connection = new FakeConnection(request, handlers);
    this.connections.push(connection);
    for (const wake of this.#waiters.splice(0)) wake();
    return connection.promise;
  }

  /** Resolves with the n-th (0-based) connection once it has been requested. */
  async nth(n: number): Promise<FakeConnection> {
    while (this.connections.length <= n) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.connections[n]!;
  }
}
