// Peers that stream more than any bound allows (a reply body of hundreds of MB, many large Live
// frames), each sent with the socket's backpressure and stopped as soon as the watched process has
// passed the bound (the property has failed by then): so a failing case costs bounded memory too.

import type { Socket } from 'node:net';
import fc from 'fast-check';
import type { WebSocket } from 'ws';

/** The bound the README states for talk and mint. */
export const RSS_BOUND_KB = 200 * 1024;
/**
 * The README's one exception: talk flooded with frames just under the 8 MiB cap. Each is held as
 * bytes, text and parsed audio at once, and V8 collects them lazily: 170–250 MB, flat, not growing
 * (test/security/memory-replies.test.ts); a 10-minute fuzz run measured 206 MB under load.
 */
export const FRAME_FLOOD_BOUND_KB = 300 * 1024;

export const bigReplyArb = fc.record({
  megabytes: fc.constantFrom(50, 150, 300, 600),
  chunked: fc.boolean(),
  status: fc.constantFrom(200, 400, 500),
});
export type BigReply = typeof bigReplyArb extends fc.Arbitrary<infer T> ? T : never;

export const bigFramesArb = fc.record({
  count: fc.integer({ min: 1, max: 99 }),
  megabytes: fc.integer({ min: 1, max: 16 }),
  binary: fc.boolean(),
});
export type BigFrames = typeof bigFramesArb extends fc.Arbitrary<infer T> ? T : never;

const MB = 1024 * 1024;
const drained = (socket: Socket): Promise<void> =>
  new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));

/** Streams the reply's body megabyte by megabyte until it is all sent, the client left, or `stop()`. */
export async function streamBigReply(socket: Socket, plan: BigReply, stop: () => boolean): Promise<void> {
  const framing = plan.chunked ? 'transfer-encoding: chunked' : `content-length: ${plan.megabytes * MB}`;
  socket.on('error', () => undefined);
  socket.write(
    `HTTP/1.1 ${plan.status} Big\r\ncontent-type: application/json\r\nconnection: close\r\n${framing}\r\n\r\n`,
  );
  const piece = Buffer.alloc(MB, 0x61);
  piece[0] = 0x22; // '"' so the body starts like a JSON string
  for (let sent = 0; sent < plan.megabytes && !socket.destroyed && !stop(); sent++) {
    const ok = socket.write(
      plan.chunked ? Buffer.concat([Buffer.from(`${MB.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece,
    );
    if (!ok) await drained(socket);
  }
  socket.destroy();
}

/** Sends the frames (model audio as large as planned) with backpressure, then closes 1000. */
export async function sendBigFrames(socket: WebSocket, plan: BigFrames, stop: () => boolean): Promise<void> {
  const frame = JSON.stringify({
    serverContent: {
      modelTurn: {
        parts: [
          {
            inlineData: {
              mimeType: 'audio/pcm;rate=24000',
              data: Buffer.alloc(plan.megabytes * MB).toString('base64'),
            },
          },
        ],
      },
    },
  });
  for (let i = 0; i < plan.count && socket.readyState === socket.OPEN && !stop(); i++) {
    await new Promise<void>((resolve) => socket.send(plan.binary ? Buffer.from(frame) : frame, () => resolve()));
  }
  if (socket.readyState === socket.OPEN) socket.close(1000, '');
}
