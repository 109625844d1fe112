// Per-socket frame times for every ws socket in this process — the bench's own client sockets and
// the server side of an emulator started here with createEmulatorServer() alike — through hooks on ws's
// send and 'message'. One process, one clock (performance.now()), so a frame's time at the client
// and at the in-process upstream can be subtracted. A send is stamped before ws frames it; a
// receive before any handler runs. Frames of one socket keep their order, so index k on both ends
// of a connection is the same frame.

import WebSocket from 'ws';

export interface SocketFrames {
  /** performance.now() of each send, in order. */
  readonly sent: number[];
  /** performance.now() of each received message, in order. */
  readonly received: number[];
  /** The received messages themselves: all of them where `keep` said so, else only the first (its setup names the socket). */
  readonly data: unknown[];
}

type Emit = (this: WebSocket, event: string | symbol, ...args: unknown[]) => boolean;
type Send = (this: WebSocket, data: unknown, ...rest: unknown[]) => void;

export interface FrameClock {
  readonly sockets: Map<WebSocket, SocketFrames>;
  unhook(): void;
}

/** Patches ws until unhook(); `keep(ws)` says whether to hold on to every message that socket receives. */
export function hookFrames(keep: (ws: WebSocket) => boolean): FrameClock {
  const sockets = new Map<WebSocket, SocketFrames>();
  const of = (ws: WebSocket): SocketFrames => {
    let frames = sockets.get(ws);
    if (!frames) sockets.set(ws, (frames = { sent: [], received: [], data: [] }));
    return frames;
  };
  const proto = WebSocket.prototype as unknown as { emit: Emit; send: Send };
  const { emit, send } = proto;
  proto.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    of(this).sent.push(performance.now());
    return send.call(this, data, ...rest);
  };
  proto.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') {
      const frames = of(this);
      frames.received.push(performance.now());
      if (frames.data.length === 0 || keep(this)) frames.data.push(args[0]);
    }
    return emit.call(this, event, ...args);
  };
  return {
    sockets,
    unhook() {
      proto.emit = emit;
      proto.send = send;
    },
  };
}

export const frameText = (data: unknown): string =>
  Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data as Buffer[]).toString('utf8')
      : typeof data === 'string'
        ? data
        : Buffer.from(data as ArrayBuffer).toString('utf8');
