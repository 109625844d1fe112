// Row 7: the emulator's capacity on this machine: Live sessions streaming real-time audio, and mints/s.

import { cpuSeconds, startEmulatorChild, startEmulatorProbe } from './emulator-child.js';
import { runMintLoad, startBareServer } from './http-load.js';
import { runLiveLoad, type LiveLoadResult } from './live-load.js';
import { fmtMs, fmtRate, percentile, ratio } from './stats.js';
import type { BenchRow } from './table.js';

const DELAY_TARGET_MS = 20;
const MINT_TARGET = 1000;

export interface CapacityOptions {
  readonly sessions: number;
  readonly durationMs: number;
  readonly mints: number;
  readonly concurrency: number;
}

const chunkMs = (session: number): number => [20, 30, 40][session % 3]!;

function describe(result: LiveLoadResult): string {
  const d = result.frameDelays;
  return `p99 ${fmtMs(percentile(d, 99))} (p50 ${fmtMs(percentile(d, 50))}, max ${fmtMs(percentile(d, 100))}; ${d.length} chunks, ${result.turns} turns)`;
}

export async function benchLiveCapacity(options: CapacityOptions): Promise<BenchRow> {
  const emu = await startEmulatorProbe(options.sessions + 10);
  try {
    const one = await runLiveLoad({ baseUrl: emu.baseUrl, apiKey: emu.apiKey, sessions: 1, durationMs: 7200, chunkMs });
    const oneLoop = await emu.loopStats();
    const cpuBefore = await cpuSeconds(emu.process.pid);
    const started = performance.now();
    const many = await runLiveLoad({
      baseUrl: emu.baseUrl,
      apiKey: emu.apiKey,
      sessions: options.sessions,
      durationMs: options.durationMs,
      chunkMs,
    });
    const cpuShare = (await cpuSeconds(emu.process.pid)) - cpuBefore;
    const manyLoop = await emu.loopStats();
    const busy = (100 * cpuShare * 1000) / (performance.now() - started);
    const p99 = percentile(many.frameDelays, 99);
    const problems = [...many.failures, ...one.failures];
    return {
      id: '7a',
      what: `emulator: ${options.sessions} Live sessions, real-time 16 kHz audio in 20/30/40 ms chunks, frame delay`,
      measured: describe(many),
      comparison: `1 session: ${describe(one)}`,
      ratio: ratio(p99, percentile(one.frameDelays, 99)),
      target: `p99 ≤ ${DELAY_TARGET_MS} ms`,
      met: p99 <= DELAY_TARGET_MS && problems.length === 0 && many.interrupted === 0 && many.turns > 0,
      note:
        `frame delay = arrival of model chunk k − (send of the input chunk closing the 500 ms end-of-speech window + k×40 ms). ` +
        `Emulator (createEmulatorServer in a child, peers/emulator-probe.mjs): CPU ${busy.toFixed(0)}% of one core, event-loop delay p99 ${fmtMs(manyLoop.p99Ms)} max ${fmtMs(manyLoop.maxMs)} (1 session: p99 ${fmtMs(oneLoop.p99Ms)}); client loop delay p99 ${fmtMs(many.clientLoopP99Ms)}, client send lateness p99 ${fmtMs(percentile(many.sendLateness, 99))}; ` +
        `unexpected interruptions ${many.interrupted}; failures ${problems.length}${problems.length > 0 ? ` (${problems.slice(0, 3).join('; ')})` : ''}.`,
    };
  } finally {
    await emu.stop();
  }
}

export async function benchMintCapacity(options: CapacityOptions): Promise<BenchRow> {
  const emu = await startEmulatorChild();
  const bare = await startBareServer();
  try {
    // Warm both servers (JIT, connections) before the measured runs.
    await runMintLoad(bare.baseUrl, 'x', 500, options.concurrency);
    await runMintLoad(emu.baseUrl, emu.apiKey, 500, options.concurrency);
    const bareRun = await runMintLoad(bare.baseUrl, 'x', options.mints, options.concurrency);
    const cpuBefore = await cpuSeconds(emu.process.pid);
    const emuRun = await runMintLoad(emu.baseUrl, emu.apiKey, options.mints, options.concurrency);
    const cpuPerMint = ((await cpuSeconds(emu.process.pid)) - cpuBefore) / options.mints;
    return {
      id: '7b',
      what: `emulator: POST auth_tokens, ${options.mints} requests over ${options.concurrency} keep-alive connections`,
      measured: fmtRate(emuRun.perSecond, 'mints'),
      comparison: `bare Node HTTP server, same client: ${fmtRate(bareRun.perSecond, 'req')}`,
      ratio: ratio(emuRun.perSecond, bareRun.perSecond),
      target: `≥ ${MINT_TARGET.toLocaleString('en-US')} mints/s`,
      met: emuRun.perSecond >= MINT_TARGET && emuRun.failures === 0,
      note: `emulator CPU ${(cpuPerMint * 1e6).toFixed(0)} µs per mint; failed requests ${emuRun.failures} (bare ${bareRun.failures}).`,
    };
  } finally {
    await Promise.all([emu.stop(), bare.stop()]);
  }
}
