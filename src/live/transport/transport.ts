// The LiveTransport port (docs/architecture.md, "Ports"). The session never sees a socket: it asks for a
// connection with a setup message and gets raw frames and one close back. The production adapter
// is sdk-transport.ts; tests use test/fakes/fake-transport.ts.

import type { SetupMessage } from '../wire/wire-types.js';

/**
 * The largest server frame talk accepts (the emulator's own default too). The real service's audio
 * chunks are a few KB; 8 MiB leaves room for a large toolCall. ws's default was 100 MiB a frame, so
 * 99 large frames took talk to 900 MB; past this ws closes with 1009 and talk
 * exits 5 ("the server sent a frame it could not accept").
 */
export const MAX_SERVER_FRAME_BYTES = 8 * 1024 * 1024;

export interface ConnectRequest {
  /** e.g. https://generativelanguage.googleapis.com (http:// → ws://). */
  readonly baseUrl: string;
  readonly apiVersion: string;
  /** `auth_tokens/…`; only ever an ephemeral token, never an API key. */
  readonly token: string;
  readonly setup: SetupMessage;
  /** No setupComplete within this → the connect fails with `timeout`. */
  readonly timeoutMs: number;
}

/** Why a connection never reached setupComplete. */
export type TransportFailure =
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'network'; readonly message: string };

export class TransportError extends Error {
  readonly failure: TransportFailure;

  constructor(failure: TransportFailure) {
    super(describeFailure(failure));
    this.name = 'TransportError';
    this.failure = failure;
  }
}

export function describeFailure(failure: TransportFailure): string {
  switch (failure.kind) {
    case 'closed':
      return `closed with ${failure.code}${failure.reason ? ` "${failure.reason}"` : ''}`;
    case 'http':
      return `upgrade refused with HTTP ${failure.status}`;
    case 'timeout':
      return `no setupComplete within ${failure.ms} ms`;
    case 'network':
      return failure.message;
  }
}

export interface TransportHandlers {
  /** Every server frame in arrival order, setupComplete included. */
  message(data: string | Buffer): void;
  /**
   * Once, after the connection was established; `code` 1005 means none was given. `by` is 'client'
   * when this side closed it on its own (the socket found a server frame it could not accept).
   */
  close(code: number, reason: string, by?: 'client'): void;
}

export interface LiveConnection {
  /** One JSON text frame. */
  send(json: string): void;
  /** Starts the close handshake; the handlers' close follows. Idempotent. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without waiting for the peer's close frame; the handlers' close follows. */
  terminate(): void;
  /** Bytes queued in the socket but not yet written (for pacing and benchmarks). */
  readonly bufferedAmount: number;
}

export interface LiveTransport {
  /** Resolves after setupComplete; rejects with TransportError otherwise (never hangs). */
  connect(request: ConnectRequest, handlers: TransportHandlers): Promise<LiveConnection>;
}
