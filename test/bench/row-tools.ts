// Row 9: a function call's round trip inside talk, handler time excluded. talk runs in
// this process (talk-session.ts) with --tools declaring `speech` — the emulator's transcript of an
// audio turn is "(N s of speech)", so every utterance of the scripted mic names it and gets a
// toolCall — and --tool-command answering it. Measured per call: the toolCall frame received → the
// toolResponse frame sent (ws hooks), minus the handler's own life (child_process.spawn → its
// 'close', hooked the same way), so what is left is talk's decode, dispatch, output parsing and send.

import childProcess, { type ChildProcess } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { startEmulatorChild } from './emulator-child.js';
import { mintToken } from './row-talk.js';
import { fmtMs, percentile } from './stats.js';
import type { BenchRow } from './table.js';
import { runTalkInProcess } from './talk-session.js';

const TARGET_P99_MS = 5;
const CYCLE_MS = 4000;
/** 0.5 s of speech every 4 s: one call, its answer read back, before the next utterance. */
const script = (ms: number): boolean => ms % CYCLE_MS < 500;
const TOOLS = JSON.stringify([{ name: 'speech', description: 'called for every utterance (bench)' }]);

const HANDLER = `cat > /dev/null; echo '{"ok":1}'`;

/** Times the handler's children (spawn call → 'close'; talk's playback preflight child is not one). Returns the undo. */
function hookSpawn(lives: number[]): () => void {
  const original = childProcess.spawn;
  const timed = ((...args: Parameters<typeof original>) => {
    const started = performance.now();
    const child = original(...args) as ChildProcess;
    if (args[0] === HANDLER) child.once('close', () => lives.push(performance.now() - started));
    return child;
  }) as typeof original;
  childProcess.spawn = timed;
  syncBuiltinESMExports();
  return () => {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  };
}

const text = (data: unknown): string =>
  Buffer.isBuffer(data) ? data.toString('utf8') : typeof data === 'string' ? data : '';

export async function benchTools(audioS: number): Promise<BenchRow> {
  const emu = await startEmulatorChild();
  const lives: number[] = [];
  const unhook = hookSpawn(lives);
  try {
    const run = await runTalkInProcess({
      baseUrl: emu.baseUrl,
      credential: { token: await mintToken(emu) },
      script,
      audioMs: audioS * 1000,
      keepLog: true,
      flags: { tools: TOOLS, toolCommand: HANDLER },
    });
    const received = new Map<string, number>();
    const roundTrips: number[] = [];
    for (const entry of run.log.entries) {
      if (entry.kind !== 'recv' && entry.kind !== 'send') continue;
      const body = text(entry.data);
      if (entry.kind === 'recv' && body.includes('"toolCall"')) {
        for (const call of (JSON.parse(body) as { toolCall: { functionCalls: Array<{ id: string }> } }).toolCall
          .functionCalls)
          received.set(call.id, entry.t);
      }
      if (entry.kind === 'send' && body.includes('"toolResponse"')) {
        const [answer] = (JSON.parse(body) as { toolResponse: { functionResponses: Array<{ id: string }> } })
          .toolResponse.functionResponses;
        const from = answer ? received.get(answer.id) : undefined;
        if (from !== undefined) roundTrips.push(entry.t - from);
      }
    }
    // Calls are answered one at a time (each utterance waits for the read-back), so the i-th handler is the i-th call's.
    const overhead = roundTrips.map((ms, i) => ms - (lives[i] ?? Number.NaN));
    const p99 = percentile(overhead, 99);
    return {
      id: '9',
      what: `talk: toolCall received → toolResponse sent, handler excluded (${audioS} s, a call per utterance)`,
      measured: `p99 ${fmtMs(p99)} (p50 ${fmtMs(percentile(overhead, 50))}; n=${overhead.length})`,
      comparison: `round trip with the handler: p99 ${fmtMs(percentile(roundTrips, 99))}; the handler (sh, spawn → close): p50 ${fmtMs(percentile(lives, 50))}`,
      ratio: '—',
      target: `p99 ≤ ${TARGET_P99_MS} ms`,
      met: overhead.length > 0 && !overhead.some(Number.isNaN) && p99 <= TARGET_P99_MS,
      note: `calls ${received.size}, answered ${roundTrips.length}, handlers run ${lives.length}; talk ended with ${run.exitError instanceof Error ? run.exitError.message : 'no error'}.`,
    };
  } finally {
    unhook();
    await emu.stop();
  }
}
