// The two things a probe does to a service, as a port: mint a token from a raw AuthToken body, and
// open a Live session with a token and read its frames as they came over the wire. The probes
// (probes.ts) speak only this, so they run the same against the real service and the emulator and
// can be tested with either.

import type { Clock } from '../../clock.js';

export interface MintReply {
  readonly status: number;
  /** The token, when the service minted one (status 200). Never printed. */
  readonly name?: string;
  /** The service's error message, when it refused. */
  readonly message?: string;
}

export interface Frame {
  readonly kind: 'frame';
  /** The frame's text exactly as sent (whitespace included). */
  readonly text: string;
  /** The parsed message, or undefined when the text is not a JSON object. */
  readonly message: Readonly<Record<string, unknown>> | undefined;
}

export interface Closed {
  readonly kind: 'closed';
  readonly code: number;
  readonly reason: string;
}

export interface LiveProbeSession {
  send(message: Readonly<Record<string, unknown>>): void;
  /** The next frame, the close, or 'timeout' after `timeoutMs` of waiting. */
  next(timeoutMs: number): Promise<Frame | Closed | 'timeout'>;
  /** Closes from our side (1000) and waits for the close to finish; a no-op once closed. */
  close(): Promise<void>;
}

export interface ProbeIo {
  mint(body: Readonly<Record<string, unknown>>): Promise<MintReply>;
  open(token: string): Promise<LiveProbeSession>;
  /** The model the probes name in their setups. */
  readonly model: string;
  /** How long to wait for one expected frame (a reply, a handle, a close). */
  readonly waitMs: number;
  /** How long to wait for a connection's lifetime to end (goAway, then the close). */
  readonly lifetimeWaitMs: number;
  /** Wall time, for the deadlines the token probes set and wait past. */
  readonly clock: Clock;
}
