// It failed before the bounded readers (reply bodies and Live frames read with caps) landed; it guards it now.
//
// Memory: mint against a reply body of hundreds of MB and talk against many large
// Live frames keep their peak RSS (VmHWM, sampled until exit) under the bounds the README states
// (200 MB; 300 MB for talk under a flood of frames just under the cap), and end with a code from
// the table. The peers stop streaming once the bound is passed.

import { afterAll, beforeAll, describe, expect } from 'vitest';
import { CANARY_KEY, hostileHttp, hostileWs, type HostilePeer } from '../security/hostile.js';
import { start } from '../security/stop-once.js';
import { fuzzIt } from './harness.js';
import {
  bigFramesArb,
  bigReplyArb,
  FRAME_FLOOD_BOUND_KB,
  RSS_BOUND_KB,
  sendBigFrames,
  streamBigReply,
  type BigFrames,
  type BigReply,
} from './memory.js';
import { exitWithin, expectCleanExit, sampleHighWater, SERVER_FACING_CODES } from './watch.js';

const TOKEN = JSON.stringify({
  name: `auth_tokens/${'0123456789abcdef'.repeat(4)}`,
  expireTime: '2099-01-01T00:00:00Z',
  newSessionExpireTime: '2099-01-01T00:00:00Z',
});
let peak = 0;
/** The bound of the property running: the peers stop streaming once it is passed. */
let bound = RSS_BOUND_KB;
const over = (): boolean => peak > bound;
let reply: BigReply | undefined;
let frames: BigFrames | undefined;
let mintPeer: HostilePeer;
let livePeer: HostilePeer;

beforeAll(async () => {
  mintPeer = await hostileHttp((_req, res) => void streamBigReply(res.socket!, reply!, over));
  livePeer = await hostileWs(
    (socket) =>
      socket.once('message', () => {
        socket.send(JSON.stringify({ setupComplete: {} }));
        void sendBigFrames(socket, frames!, over);
      }),
    (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(TOKEN),
  );
});
afterAll(async () => {
  await mintPeer.close();
  await livePeer.close();
});

/** Runs the command, sampling its high-water mark every 20 ms; `peak` is what the peers watch. */
async function peakOf(args: string[]): Promise<{ peakKb: number; result: Awaited<ReturnType<typeof exitWithin>> }> {
  peak = 0;
  const run = start(args, { env: { GEMINI_API_KEY: CANARY_KEY }, stdin: 'ignore' });
  const stop = sampleHighWater(run.pid, (kb) => (peak = kb));
  const result = await exitWithin(run, 60_000);
  return { peakKb: stop(), result };
}

describe.skipIf(process.platform !== 'linux')('memory stays bounded against huge inputs', () => {
  fuzzIt(
    `mint: a reply body of up to 600 MB keeps VmHWM under ${RSS_BOUND_KB / 1024} MB`,
    bigReplyArb,
    async (value, measured) => {
      reply = value;
      bound = RSS_BOUND_KB;
      const { peakKb, result } = await peakOf([
        'mint',
        '--base-url',
        mintPeer.baseUrl,
        '--retries',
        '0',
        '--timeout',
        '30s',
      ]);
      measured.max('peak-rss-mb', Math.round(peakKb / 1024));
      expect(peakKb).toBeLessThan(RSS_BOUND_KB);
      expectCleanExit(result, SERVER_FACING_CODES);
    },
    { caseMs: 60_000 },
  );

  fuzzIt(
    `talk: up to 99 Live frames of up to 16 MB keep VmHWM under ${FRAME_FLOOD_BOUND_KB / 1024} MB`,
    bigFramesArb,
    async (value, measured) => {
      frames = value;
      bound = FRAME_FLOOD_BOUND_KB;
      const { peakKb, result } = await peakOf([
        'talk',
        '--no-speaker',
        '--text',
        'hi',
        '--once',
        '--base-url',
        livePeer.baseUrl,
      ]);
      measured.max('peak-rss-mb', Math.round(peakKb / 1024));
      expect(peakKb).toBeLessThan(FRAME_FLOOD_BOUND_KB);
      expectCleanExit(result, SERVER_FACING_CODES);
    },
    { caseMs: 60_000 },
  );
});
