// One SIGTERM while a command is busy with a hostile peer: mint blocked in a reply body that never
// ends, talk in a session whose server went quiet after arbitrary frames, and the emulator, recorder
// and replayer with hostile sessions held open. The signal goes once the peer has seen the command
// (a condition, polled), and the exit is timed from the process's own close event.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { CANARY_KEY, hostileHttp, hostileWs, type HostilePeer } from '../security/hostile.js';
import { HANG_BOUND_MS, hasStack, start, waitUntil, type Running } from '../security/stop-once.js';
import { fuzzIt } from './harness.js';
import { renderCassettes } from './emulator-files.js';
import { replyPlanArb, writeReply, type ReplyPlan } from './http-replies.js';
import { batchArb, hostileSession, type Batch } from './raw-clients.js';
import { exitWithin, expectCleanExit, SERVER_FACING_CODES, sigtermTimed } from './watch.js';
import { framePlanArb, renderMessage, type FramePlan } from './ws-frames.js';

export type Who = 'mint' | 'talk' | 'emulator' | 'recorder' | 'replayer';

/** Cases for the commands named (one of them busy in each). */
export const signalCase = (who: readonly Who[]) =>
  fc.record({
    who: fc.constantFrom(...who),
    reply: replyPlanArb.map((reply) => ({ ...reply, framing: 'huge-length' as const })),
    frames: fc.array(
      framePlanArb.filter((frame) => frame.message.kind !== 'turnComplete'),
      { maxLength: 4 },
    ),
    // Frames that crash a server are the crash properties' business (emulator-frames): here a session
    // only has to be open and busy when the signal comes.
    batch: batchArb.map((batch) => ({
      ...batch,
      sessions: batch.sessions.map((session) => ({
        ...session,
        frames: session.frames.filter((frame) => frame.kind !== 'message' || frame.message.kind !== 'deep'),
      })),
    })),
  });
export type SignalCase = ReturnType<typeof signalCase> extends fc.Arbitrary<infer T> ? T : never;

const TOKEN = JSON.stringify({
  name: `auth_tokens/${'0123456789abcdef'.repeat(4)}`,
  expireTime: '2099-01-01T00:00:00Z',
  newSessionExpireTime: '2099-01-01T00:00:00Z',
});
const KEY = 'fuzz-signal-key-0123456789abcdef';

/** Peers for the file's tests, and a function that starts one case's command and returns it busy. */
export function busyCommands(): (value: SignalCase) => Promise<{ run: Running; exitCode: number }> {
  let reply: ReplyPlan | undefined;
  let frames: readonly FramePlan[] = [];
  let mintPeer: HostilePeer | undefined;
  let livePeer: HostilePeer | undefined;
  const emulator = emulatorsStoppedAfterAll();
  let upstreamUrl = '';
  const replayDir = mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-signal-replay-'));
  beforeAll(async () => {
    mintPeer = await hostileHttp((_req, res) => void writeReply(res.socket!, reply!));
    livePeer = await hostileWs(
      (socket) =>
        socket.once('message', () => {
          socket.send(JSON.stringify({ setupComplete: {} }));
          for (const frame of frames) socket.send(renderMessage(frame.message));
        }),
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(TOKEN),
    );
    upstreamUrl = (await emulator(['--api-key', KEY])).baseUrl;
    for (const [name, text] of Object.entries(renderCassettes({ live: [], rest: [] })))
      writeFileSync(path.join(replayDir, name), text);
  }, 30_000);
  afterAll(async () => {
    await mintPeer?.close();
    await livePeer?.close();
  });
  return async (value) => {
    if (value.who === 'mint' || value.who === 'talk') {
      reply = value.reply;
      frames = value.frames;
      const peer = value.who === 'mint' ? mintPeer! : livePeer!;
      const seen = peer.requests.length;
      const args =
        value.who === 'mint'
          ? ['mint', '--base-url', peer.baseUrl, '--retries', '0']
          : ['talk', '--no-speaker', '--text', 'hi', '--base-url', peer.baseUrl];
      const run = start(args, { env: { GEMINI_API_KEY: CANARY_KEY }, stdin: 'ignore' });
      // talk's mint is one request and its Live socket another: busy once the socket is there.
      await waitUntil(
        run,
        () => peer.requests.length >= seen + (value.who === 'talk' ? 2 : 1),
        `${value.who} reached the peer`,
      ).catch(() => undefined);
      return { run, exitCode: 143 };
    }
    const dir = value.who === 'recorder' ? mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-signal-record-')) : replayDir;
    const mode =
      value.who === 'recorder'
        ? ['--record', dir, '--upstream', upstreamUrl]
        : value.who === 'replayer'
          ? ['--replay', dir]
          : [];
    const run = start(['emulator', '--port', '0', '--api-key', KEY, ...mode], { stdin: 'ignore' });
    await waitUntil(run, () => run.stdout().includes('\n'), 'the ready line');
    const baseUrl = (JSON.parse(run.stdout().split('\n')[0]!) as { baseUrl: string }).baseUrl;
    await holdSessions(baseUrl, value.batch);
    return { run, exitCode: 0 };
  };
}

/** Opens the batch's sessions and holds them (30 s at most); resolves once each was answered. */
async function holdSessions(baseUrl: string, batch: Batch): Promise<void> {
  const answered = batch.sessions.map(() => false);
  batch.sessions.forEach(
    (plan, i) =>
      void hostileSession(
        baseUrl,
        { ...plan, end: { kind: 'raw', opcode: 1, declaredLength: 0 } },
        KEY,
        30_000,
        () => (answered[i] = true),
      ),
  );
  await expect.poll(() => answered.every(Boolean), { timeout: 10_000, interval: 20 }).toBe(true);
}

/**
 * The property for the commands named: ONE SIGTERM while busy with a hostile peer ends it (mint and
 * talk 143, the servers 0) before HANG_BOUND_MS, with no stack trace.
 */
export function oneSigtermEnds(who: readonly Who[]): void {
  describe.skipIf(process.platform !== 'linux')('one SIGTERM ends a busy command', () => {
    const busy = busyCommands();
    fuzzIt(
      `${who.join(', ')}: one SIGTERM while busy with a hostile peer → exits within ${HANG_BOUND_MS} ms`,
      signalCase(who),
      async (value, measured) => {
        const { run, exitCode } = await busy(value);
        if (run.child.exitCode !== null) {
          // It finished with the peer before the signal: then its own exit must be a clean one.
          expectCleanExit(await exitWithin(run, 1_000), SERVER_FACING_CODES);
          return;
        }
        const stopped = await sigtermTimed(run);
        measured.max('sigterm-exit-ms', stopped.ms);
        expect({ who: value.who, hung: stopped.hung }, stopped.stderr.slice(-500)).toEqual({
          who: value.who,
          hung: false,
        });
        // The signal may cross the command's own end (a reply it was failing on as the signal came):
        // then its own clean exit stands. Not a loophole: ignoring the signal would still hang.
        if (stopped.code === exitCode) expect(hasStack(stopped.stderr), stopped.stderr.slice(-500)).toBe(false);
        else expectCleanExit(stopped, value.who === 'mint' || value.who === 'talk' ? SERVER_FACING_CODES : [0]);
      },
      { caseMs: 40_000 },
    );
  });
}
