// The emulator (startEmulator from dist/, what `gemtoken emulator` runs) plus a probe of its own
// event loop, for row 7: send a line on stdin and it answers one JSON line with the loop delay
// since the previous line ({p50Ms, p99Ms, maxMs}). A late timer here is a late model audio chunk.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const { startEmulator } = await import(new URL('../../../dist/emulator/index.js', import.meta.url).href);
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const emulator = await startEmulator({ maxSessions: Number(process.argv[2] ?? 200) });
process.stdout.write(`${JSON.stringify({ baseUrl: emulator.baseUrl, apiKeys: emulator.apiKeys })}\n`);
const ms = (ns) => Math.round(ns / 1e4) / 100;
createInterface({ input: process.stdin })
  .on('line', () => {
    process.stdout.write(`${JSON.stringify({ p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) })}\n`);
    loop.reset();
  })
  .on('close', async () => {
    await emulator.close();
    process.exit(0);
  });
process.on('SIGTERM', () => process.exit(0));
