// Row 12: how closely --replay keeps the recorded timing. Row 11's cassette is served by
// createEmulatorServer({replay: {speed: 1}}) in a child (peers/emulator-probe.mjs, with its event-loop
// probe) to a client doing the same thing again (conversation.ts: the same setup, the same audio at
// the same real-time pace). The replayer sends recorded server frame i once the client message it
// followed in the recording (`after`, read here from the cassette with the replayer's own loader)
// has arrived, `delayMs` after it, and never before frame i−1 (replay/live.ts). So the reference
// for frame i, on the client's clock, is max(reference of i−1, send time of that client message +
// delayMs), and the error is the frame's arrival minus it: timer lateness, the replayer's work and
// loopback both ways. The comparison is the same quantity on the live session the cassette came
// from (its client's own times): how far the recorded timing already was from what the client saw.

import type WebSocket from 'ws';
import type * as CassetteModule from '../../src/emulator/record/cassette.js';
import type * as LoadModule from '../../src/emulator/replay/load.js';
import type { ServerStep } from '../../src/emulator/replay/load.js';
import { converse } from './conversation.js';
import { startEmulatorProbe } from './emulator-child.js';
import { frameText, hookFrames } from './frame-clock.js';
import { fineMs, fromDist, spread, type Recording } from './row-record.js';
import { fmtMs, percentile, ratio } from './stats.js';
import type { BenchRow } from './table.js';

const TARGET_P99_MS = 5;
const TARGET_SPAN = 0.1;

/** Signed error of each server frame's arrival against the replayer's schedule (see the header). */
export function timingErrors(
  steps: readonly ServerStep[],
  sent: readonly number[],
  received: readonly number[],
): number[] {
  const errors: number[] = [];
  let reference = Number.NEGATIVE_INFINITY;
  let frame = 0;
  for (const step of steps) {
    reference = Math.max(reference, (sent[step.after - 1] ?? sent[0]!) + step.delayMs);
    if (step.line.kind !== 'frame') continue;
    const arrival = received[frame++];
    if (arrival !== undefined) errors.push(arrival - reference);
  }
  return errors;
}

const span = (sent: readonly number[], received: readonly number[]): number =>
  ((received.at(-1) ?? Number.NaN) - sent[0]!) / 1000;

export async function benchReplay(recording: Recording): Promise<BenchRow[]> {
  const { loadCassettes } = await fromDist<typeof LoadModule>('emulator/replay/load.js');
  const { frameBytes } = await fromDist<typeof CassetteModule>('emulator/record/cassette.js');
  const cassette = (await loadCassettes(recording.dir)).live[0];
  if (!cassette) throw new Error('bench: row 11 left no Live cassette to replay');
  const replayer = await startEmulatorProbe(8, { replay: { dir: recording.dir, speed: 1 } });
  // The client's is the only socket in this process: keep everything it receives.
  const clock = hookFrames(() => true);
  try {
    await replayer.loopStats();
    const [outcome] = await converse(
      [{ name: 'through', baseUrl: replayer.baseUrl, apiKey: 'unused-by-the-replayer' }],
      recording.question,
      recording.cycles,
    );
    const replayerLoop = await replayer.loopStats();
    const replay = clock.sockets.get(outcome!.ws as WebSocket)!;
    const recorded = cassette.server.filter((step) => step.line.kind === 'frame');
    const differing = recorded.filter(
      (step, i) => replay.data[i] === undefined || frameText(replay.data[i]) !== frameBytes(step.line).toString('utf8'),
    ).length;
    const errors = timingErrors(cassette.server, replay.sent, replay.received);
    const liveErrors = timingErrors(cassette.server, recording.live.sent, recording.live.received);
    const abs = errors.map(Math.abs);
    const liveAbs = liveErrors.map(Math.abs);
    const p99 = percentile(abs, 99);
    const faithful =
      differing === 0 && replay.received.length === recorded.length && replay.sent.length === cassette.client.length;
    const replaySpan = span(replay.sent, replay.received);
    const liveSpan = span(recording.live.sent, recording.live.received);
    const seconds = recording.cycles * 6;
    return [
      {
        id: '12a',
        what: `--replay (speed 1) of row 11's ${seconds} s cassette: each server frame's arrival vs its recorded time`,
        measured: `abs. error ${spread(abs)}`,
        comparison: `same quantity on the live session recorded: ${spread(liveAbs)}`,
        ratio: ratio(p99, percentile(liveAbs, 99)),
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        met: faithful && abs.length > 0 && p99 <= TARGET_P99_MS,
        note:
          `error = arrival at the client − max(previous frame's reference, the client's send of the message the frame followed in the recording + the recorded delay) — the replayer's own schedule, on the client's clock; ` +
          `signed: min ${fineMs(Math.min(...errors))}, max ${fineMs(Math.max(...errors))} (never early: the replayer waits for the client's message). ` +
          `Replayer (createEmulatorServer({replay}) in a child) event-loop delay p99 ${fmtMs(replayerLoop.p99Ms)} max ${fmtMs(replayerLoop.maxMs)}. ` +
          `Frames: ${replay.received.length} replayed of ${recorded.length} recorded, ${differing} differing; client messages ${replay.sent.length} of ${cassette.client.length} recorded; turns ${outcome!.turns}/${recording.cycles}; close ${outcome!.closeCode}. ` +
          `The live figure is the recorder's own transit both ways plus the cassette's whole-ms times.`,
      },
      {
        id: '12b',
        what: `--replay (speed 1): the whole session, setup sent → last server frame`,
        measured: `${replaySpan.toFixed(2)} s`,
        comparison: `the live session recorded, same span: ${liveSpan.toFixed(2)} s`,
        ratio: ratio(replaySpan, liveSpan),
        target: `within ${TARGET_SPAN * 100} %`,
        met: faithful && Math.abs(replaySpan / liveSpan - 1) <= TARGET_SPAN,
      },
    ];
  } finally {
    clock.unhook();
    await replayer.stop();
  }
}
