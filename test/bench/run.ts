// `npm run bench`: measures README's benchmark figures, each next to its comparison from the same run, and
// prints one table. Not a test: nothing here fails a build; ratios are what carry between machines.
//   --only 1,2,3,7   run some rows      --quick   fewer rounds and shorter loads (a smoke run; rows 11–12: 24 s, not 5 min)
//   --long           row 6 as the issue states it: 60 minutes of audio, 30 s connection lifetime

import { cpus, loadavg } from 'node:os';
import { startEmulatorChild } from './emulator-child.js';
import { benchLiveCapacity, benchMintCapacity } from './row-capacity.js';
import { benchMintMany, benchMintOne } from './row-mint.js';
import { benchStartup } from './row-startup.js';
import { renderTable, type BenchRow } from './table.js';
import { benchTalk } from './row-talk.js';
import { benchServe } from './row-serve.js';
import { benchServeFetch } from './row-serve-fetch.js';
import { benchTools } from './row-tools.js';
import { benchCpu } from './row-cpu.js';
import { benchRecord } from './row-record.js';
import { benchReplay } from './row-replay.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
const wants = (row: string): boolean => !only || only.has(row);

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `node ${process.version}, ${cpus().length} CPUs (${cpu}), ${process.platform}/${process.arch}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const started = machine();
  const progress = (text: string): boolean => process.stderr.write(`bench: ${text}\n`);
  if (wants('1')) {
    progress('row 1: start-up');
    rows.push(...benchStartup(quick ? 10 : 30));
  }
  if (wants('2') || wants('3')) {
    const emu = await startEmulatorChild();
    try {
      if (wants('2')) {
        progress('row 2: one mint vs the SDK script');
        rows.push(benchMintOne(emu, quick ? 10 : 15));
      }
      if (wants('3')) {
        progress('row 3: --count 1000');
        rows.push(benchMintMany(emu, 1000, quick ? 1 : 3));
      }
    } finally {
      await emu.stop();
    }
  }
  if (['4', '5', '6'].some(wants)) {
    progress('rows 4–6: talk');
    const long = args.includes('--long');
    const talk = {
      rows: ['4', '5', '6'].filter(wants),
      latencyAudioS: quick ? 20 : 60,
      longAudioS: long ? 3600 : quick ? 60 : 150,
      lifetime: long ? '30s' : quick ? '0.6s' : '1.4s',
    };
    rows.push(...(await benchTalk(talk)));
  }
  if (wants('7')) {
    const capacity = quick
      ? { sessions: 100, durationMs: 7200, mints: 2000, concurrency: 32 }
      : { sessions: 100, durationMs: 18_000, mints: 5000, concurrency: 32 };
    progress(`row 7: ${capacity.sessions} Live sessions for ${capacity.durationMs / 1000} s`);
    rows.push(await benchLiveCapacity(capacity));
    progress('row 7: mints/s');
    rows.push(await benchMintCapacity(capacity));
  }
  if (wants('8')) {
    progress('row 8: serve');
    rows.push(
      ...(await benchServe(
        quick ? { tokens: 2000, concurrency: 32, rounds: 100 } : { tokens: 5000, concurrency: 32, rounds: 300 },
      )),
    );
    progress('row 8c: gemtoken/fetch under Node vs the Node listener');
    rows.push(
      ...(await benchServeFetch(
        quick ? { tokens: 1000, concurrency: 32, rounds: 2 } : { tokens: 3000, concurrency: 32, rounds: 3 },
      )),
    );
  }
  if (wants('9')) {
    progress('row 9: a function call inside talk');
    rows.push(await benchTools(quick ? 40 : 120));
  }
  if (wants('10')) {
    progress('row 10: CPU of talk vs a minimal SDK client');
    rows.push(await benchCpu(quick ? 30 : 120));
  }
  if (wants('11') || wants('12')) {
    // Row 12 replays the cassette row 11 records, so --only 12 records one too.
    const audioS = quick ? 24 : 300;
    progress(`row 11: ${audioS} s conversation through the recorder and straight`);
    const { rows: recordRows, recording } = await benchRecord(audioS);
    try {
      if (wants('11')) rows.push(...recordRows);
      if (wants('12')) {
        progress(`row 12: replaying it at speed 1`);
        rows.push(...(await benchReplay(recording)));
      }
    } finally {
      recording.cleanup();
    }
  }
  process.stdout.write(
    `gemtoken bench — ${started}\n\n${renderTable(rows)}\n\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
