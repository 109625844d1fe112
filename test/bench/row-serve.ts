// Row 8: `gemtoken serve --emulator` as a token endpoint. Throughput: POST /token over 32
// keep-alive connections. Overhead: the same token minted through serve vs by mintToken() straight
// against serve's own emulator, one request at a time, alternating, in the same run. Beside each
// throughput, serve's CPU per token (proc-cpu.ts): where the time goes, whatever else the machine runs.

import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Library from '../../src/index.js';
import { runMintLoad } from './http-load.js';
import { BIN, ROOT, benchEnv } from './paths.js';
import { fmtMs, fmtRate, percentile, ratio } from './stats.js';
import type { BenchRow } from './table.js';
import { fmtUs, perItemCpu } from './proc-cpu.js';

const KEY = 'bench-serve-key-0123456789abcdef';
const RATE_TARGET = 2000;
const ADDED_P99_TARGET_MS = 5;

interface Serve {
  readonly url: string;
  readonly baseUrl: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

async function startServe(): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--emulator', '--port', '0', '--rate', 'off', '--max-mints', '64', '--no-page'],
    {
      env: benchEnv({ GEMINI_API_KEY: KEY }),
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const ready = await new Promise<{ url: string; baseUrl: string }>((resolve, reject) => {
    child
      .stdout!.setEncoding('utf8')
      .once('data', (line: string) => resolve(JSON.parse(line) as { url: string; baseUrl: string }));
    child.once('exit', (code) => reject(new Error(`bench: serve exited ${code}`)));
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { ...ready, process: child, stop };
}

/** One POST /token on `agent`; resolves with its latency in ms, or NaN when it failed. */
export function postToken(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(new URL('/token', url), { method: 'POST', agent, headers: { 'content-length': 0 } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve(res.statusCode === 200 && text.includes('"auth_tokens/') ? performance.now() - started : Number.NaN),
      );
    });
    req.on('error', () => resolve(Number.NaN));
    req.end();
  });
}

export async function load(
  url: string,
  total: number,
  concurrency: number,
): Promise<{ perSecond: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    for (; next < total; next += 1) if (Number.isNaN(await postToken(url, agent))) failures += 1;
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  return { perSecond: (total * 1000) / elapsed, failures };
}

export async function benchServe(options: {
  readonly tokens: number;
  readonly concurrency: number;
  readonly rounds: number;
}): Promise<BenchRow[]> {
  const { mintToken } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href)) as typeof Library;
  const serve = await startServe();
  try {
    await load(serve.url, 300, options.concurrency); // warm up: JIT, connections
    await runMintLoad(serve.baseUrl, KEY, 300, options.concurrency);
    const pid = serve.process.pid;
    const viaServeLoad = await perItemCpu(pid, options.tokens, () =>
      load(serve.url, options.tokens, options.concurrency),
    );
    const throughput = viaServeLoad.result;
    // The ceiling behind it: the same process's emulator taking the mints straight, same client shape.
    const bareLoad = await perItemCpu(pid, options.tokens, () =>
      runMintLoad(serve.baseUrl, KEY, options.tokens, options.concurrency),
    );
    const bare = bareLoad.result;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const viaServe: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      viaServe.push(await postToken(serve.url, agent));
      const started = performance.now();
      await mintToken({ apiKey: KEY, baseUrl: serve.baseUrl, uses: 1, ttl: '30m' });
      direct.push(performance.now() - started);
    }
    agent.destroy();
    const serveP99 = percentile(viaServe, 99);
    const directP99 = percentile(direct, 99);
    return [
      {
        id: '8a',
        what: `serve --emulator: POST /token, ${options.tokens} requests over ${options.concurrency} keep-alive connections`,
        measured: fmtRate(throughput.perSecond, 'tokens'),
        comparison: `its emulator, POST auth_tokens straight: ${fmtRate(bare.perSecond, 'mints')}`,
        ratio: ratio(throughput.perSecond, bare.perSecond),
        target: `≥ ${RATE_TARGET.toLocaleString('en-US')} tokens/s`,
        met: throughput.perSecond >= RATE_TARGET && throughput.failures === 0,
        note: `failed requests ${throughput.failures} (straight ${bare.failures}); serve's CPU per token ${fmtUs(viaServeLoad.cpuUs)} via POST /token, ${fmtUs(bareLoad.cpuUs)} per straight mint. Serve and its emulator share one process and serve mints from it without a socket (one HTTP exchange per token, as a straight mint), but a token is still two requests there: serve's checks and mint client on top of the emulator's work.`,
      },
      {
        id: '8b',
        what: `serve: one POST /token vs mintToken() against serve's emulator (${options.rounds} each, alternating)`,
        measured: `p99 ${fmtMs(serveP99)} (p50 ${fmtMs(percentile(viaServe, 50))})`,
        comparison: `mintToken(): p99 ${fmtMs(directP99)} (p50 ${fmtMs(percentile(direct, 50))})`,
        ratio: ratio(serveP99, directP99),
        target: `added p99 ≤ ${ADDED_P99_TARGET_MS} ms`,
        met: serveP99 - directP99 <= ADDED_P99_TARGET_MS && !viaServe.some(Number.isNaN),
        note: `added latency p99 ${fmtMs(serveP99 - directP99)}; serve mints through mintToken()'s own code, so the difference is its HTTP hop, CORS/auth/rate checks and logging.`,
      },
    ];
  } finally {
    await serve.stop();
  }
}
