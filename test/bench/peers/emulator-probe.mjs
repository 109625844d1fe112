// The emulator (createEmulatorServer from dist/, what `gemtoken emulator` runs) plus a probe of its own
// event loop, for rows 7, 11 and 12: send a line on stdin and it answers one JSON line with the loop
// delay since the previous line ({p50Ms, p99Ms, maxMs}). A late timer here is a late model audio
// chunk (row 7), a late relayed frame (row 11, --record) or a late replayed one (row 12, --replay).
// argv: maxSessions, then optionally more createEmulatorServer options as JSON (e.g. {"record":{…}}).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const { createEmulatorServer } = await import(new URL('../../../dist/emulator/index.js', import.meta.url).href);
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const emulator = await createEmulatorServer({
  maxSessions: Number(process.argv[2] ?? 200),
  ...JSON.parse(process.argv[3] ?? '{}'),
});
process.stdout.write(`${JSON.stringify({ baseUrl: emulator.baseUrl, apiKeys: emulator.apiKeys })}\n`);
const ms = (ns) => Math.round(ns / 1e4) / 100;
// Closing (not just exiting) flushes a recorder's cassette files before the bench reads them.
const stop = async () => {
  setTimeout(() => process.exit(0), 5000).unref();
  await emulator.close();
  process.exit(0);
};
createInterface({ input: process.stdin })
  .on('line', () => {
    process.stdout.write(
      `${JSON.stringify({ p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) })}\n`,
    );
    loop.reset();
  })
  .on('close', stop);
process.on('SIGTERM', stop);
