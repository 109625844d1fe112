// talk against one hostile Live peer: it mints talk a token over HTTP (a good one, or sometimes any
// reply at all), then answers the session's
// setup with the case's frames and ends as the case says (a close with any code and reason, a cut
// connection, a raw frame). Any later connection (a resume) is refused 1008 at once, so a case is
// bounded. Shared by the talk properties.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import type { WebSocket } from 'ws';
import { CANARY_KEY, hostileWs, type HostilePeer } from '../security/hostile.js';
import { start, type Stopped } from '../security/stop-once.js';
import { replyPlanArb, writeReply } from './http-replies.js';
import { exitWithin } from './watch.js';
import {
  closePayload,
  closeReason,
  encodeFrame,
  endPlanArb,
  framePlanArb,
  renderMessage,
  type EndPlan,
  type FramePlan,
} from './ws-frames.js';

export const talkCase = fc.record({
  /**
   * talk mints its own token first: mostly a good one, sometimes an arbitrary reply, though never one
   * that hangs (talk has no --timeout: 30 s an attempt, by design, is longer than a case).
   */
  mint: fc.option(
    replyPlanArb.map((reply) =>
      reply.framing === 'huge-length' ? { ...reply, framing: 'truncated' as const } : reply,
    ),
    { freq: 4, nil: undefined },
  ),
  setupFirst: fc.boolean(),
  frames: fc.array(framePlanArb, { maxLength: 6 }),
  end: endPlanArb,
  events: fc.boolean(),
});
export type TalkCase = typeof talkCase extends fc.Arbitrary<infer T> ? T : never;

const TOKEN = JSON.stringify({
  name: `auth_tokens/${'0123456789abcdef'.repeat(4)}`,
  expireTime: '2099-01-01T00:00:00Z',
  newSessionExpireTime: '2099-01-01T00:00:00Z',
});
const rawSocket = (socket: WebSocket): Socket => (socket as unknown as { _socket: Socket })._socket;

/** Sends the frames, then ends the connection the plan's way. */
export function play(socket: WebSocket, frames: readonly FramePlan[], end: EndPlan, key?: string): void {
  for (const frame of frames)
    socket.send(frame.binary ? Buffer.from(renderMessage(frame.message, key)) : renderMessage(frame.message, key));
  if (end.kind === 'terminate') socket.terminate();
  else if (end.kind === 'close')
    rawSocket(socket).end(
      encodeFrame({ opcode: 8, payload: closePayload(end.code, closeReason(end.reason, key)), masked: false }),
    );
  else
    rawSocket(socket).write(
      encodeFrame({ opcode: end.opcode, payload: Buffer.alloc(16), masked: false, declaredLength: end.declaredLength }),
    );
}

export interface TalkOutcome extends Stopped {
  readonly transcript: string;
}

/** A peer for the file's tests (closed after them), and a runner for one case; `extraArgs` for talk. */
export function talkPeer(
  extraArgs: readonly string[] = [],
): (value: TalkCase, watch?: (pid: number) => () => void) => Promise<TalkOutcome> {
  let current: TalkCase | undefined;
  let connections = 0;
  let peer: HostilePeer | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-talk-'));
  beforeAll(async () => {
    peer = await hostileWs(
      (socket) => {
        connections += 1;
        socket.on('error', () => undefined);
        socket.once('message', () => {
          if (connections > 1) return socket.close(1008, 'no resume in this test');
          if (current!.setupFirst) socket.send(JSON.stringify({ setupComplete: {} }));
          play(socket, current!.frames, current!.end);
        });
      },
      (_req, res) =>
        current!.mint
          ? void writeReply(res.socket!, current!.mint)
          : res.writeHead(200, { 'content-type': 'application/json' }).end(TOKEN),
    );
  });
  afterAll(async () => {
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return async (value, watch) => {
    current = value;
    connections = 0;
    const transcript = path.join(dir, 'transcript.jsonl');
    rmSync(transcript, { force: true });
    const args = [
      'talk',
      '--no-speaker',
      '--text',
      'hi',
      '--once',
      '--connect-timeout',
      '3s',
      '--transcript',
      transcript,
      '--base-url',
      peer!.baseUrl,
      ...extraArgs,
    ];
    const run = start(value.events ? [...args, '--events'] : args, {
      env: { GEMINI_API_KEY: CANARY_KEY },
      stdin: 'ignore',
    });
    const unwatch = watch?.(run.pid);
    const result = await exitWithin(run, 20_000);
    unwatch?.();
    let text = '';
    try {
      text = readFileSync(transcript, 'utf8');
    } catch {
      // not written
    }
    return { ...result, transcript: text };
  };
}
