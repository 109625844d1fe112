// One time-ordered log of what happened in an in-process talk session: mic reads, socket sends and
// receives (through hooks on ws, which @google/genai uses underneath), and speaker writes. Entries
// are pushed in the order they happen on the one thread, so the order is exact; times are
// performance.now(). Hooks only take a timestamp and keep a reference: decoding waits until the end.

import WebSocket from 'ws';

export type LogEntry =
  | { readonly kind: 'read'; readonly t: number; readonly seq: number; readonly bytes: number }
  | { readonly kind: 'send'; readonly t: number; readonly data: unknown }
  | { readonly kind: 'recv'; readonly t: number; readonly data: unknown }
  | { readonly kind: 'recv-done'; readonly t: number }
  | { readonly kind: 'write'; readonly t: number; readonly bytes: number; readonly silent: boolean };

export class TalkLog {
  entries: LogEntry[] = [];
  /** Long runs keep counts only (see talk-session.ts). */
  keep = true;
  push(entry: LogEntry): void {
    if (this.keep) this.entries.push(entry);
  }
}

type Emit = (this: WebSocket, event: string | symbol, ...args: unknown[]) => boolean;
type Send = (this: WebSocket, data: unknown, ...rest: unknown[]) => void;

/** Patches ws for the duration of a run; returns the undo. Only client sockets are in this process. */
export function hookSockets(log: TalkLog, onFrame?: (data: unknown) => void): () => void {
  const proto = WebSocket.prototype as unknown as { emit: Emit; send: Send };
  const { emit, send } = proto;
  proto.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    log.push({ kind: 'send', t: performance.now(), data });
    return send.call(this, data, ...rest);
  };
  proto.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]) {
    if (event !== 'message') return emit.call(this, event, ...args);
    log.push({ kind: 'recv', t: performance.now(), data: args[0] });
    onFrame?.(args[0]);
    const result = emit.call(this, event, ...args);
    log.push({ kind: 'recv-done', t: performance.now() });
    return result;
  };
  return () => {
    proto.emit = emit;
    proto.send = send;
  };
}
