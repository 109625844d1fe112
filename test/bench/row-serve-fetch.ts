// Row 8c: the token endpoint's two Node faces, one process, one emulator child behind both:
// tokenHandler() (gemtoken/fetch) under Node through @hono/node-server (a Fetch Request and Response
// per call, as Hono users run it) vs serveTokens()'s Node listener (which adapts node:http to the
// same Fetch core itself, with only the headers the core reads). Alternating rounds, same run.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { startEmulatorChild } from './emulator-child.js';
import { PEERS, ROOT, benchEnv } from './paths.js';
import { fmtUs, perItemCpu } from './proc-cpu.js';
import { load } from './row-serve.js';
import { fmtRate, median, ratio } from './stats.js';
import type { BenchRow } from './table.js';

const TARGET = 0.8;

export async function benchServeFetch(options: {
  readonly tokens: number;
  readonly concurrency: number;
  readonly rounds: number;
}): Promise<BenchRow[]> {
  const emu = await startEmulatorChild();
  const host = spawn(process.execPath, [path.join(PEERS, 'fetch-host.mjs'), ROOT, emu.baseUrl, emu.apiKey], {
    cwd: ROOT,
    env: benchEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const urls = await new Promise<{ listener: string; fetch: string }>((resolve, reject) => {
      host.stdout.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line)));
      host.once('exit', (code) => reject(new Error(`bench: the fetch host exited ${code}`)));
    });
    const seen = { listener: [] as number[], fetch: [] as number[] };
    const cpu = { listener: [] as number[], fetch: [] as number[] };
    let failures = 0;
    for (const name of ['listener', 'fetch'] as const) await load(urls[name], 300, options.concurrency); // warm up
    for (let round = 0; round < options.rounds; round++) {
      for (const name of ['listener', 'fetch'] as const) {
        const run = await perItemCpu(host.pid, options.tokens, () =>
          load(urls[name], options.tokens, options.concurrency),
        );
        seen[name].push(run.result.perSecond);
        if (run.cpuUs !== undefined) cpu[name].push(run.cpuUs);
        failures += run.result.failures;
      }
    }
    const rate = { listener: median(seen.listener), fetch: median(seen.fetch) };
    const us = (name: 'listener' | 'fetch'): number | undefined =>
      cpu[name].length > 0 ? median(cpu[name]) : undefined;
    return [
      {
        id: '8c',
        what: `tokenHandler() under Node (@hono/node-server), POST /token, ${options.tokens} × ${options.rounds} over ${options.concurrency} connections`,
        measured: `${fmtRate(rate.fetch, 'tokens')}, ${fmtUs(us('fetch'))} CPU/token`,
        comparison: `serveTokens() listener: ${fmtRate(rate.listener, 'tokens')}, ${fmtUs(us('listener'))} CPU/token`,
        ratio: ratio(rate.fetch, rate.listener),
        target: `≥ ${TARGET}× the listener`,
        met: rate.fetch >= TARGET * rate.listener && failures === 0,
        note: `medians of ${options.rounds} alternating rounds; failed requests ${failures}; both mint through the same Fetch core against one emulator child (its CPU not counted).`,
      },
    ];
  } finally {
    host.kill('SIGTERM');
    await emu.stop();
  }
}
