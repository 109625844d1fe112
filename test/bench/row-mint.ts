// Rows 2 and 3: `gemtoken mint` end to end against the emulator, next to the guide's SDK script
// (peers/sdk-mint.mjs) minting the same tokens from the same emulator in the same rounds.

import path from 'node:path';
import type { EmulatorChild } from './emulator-child.js';
import { BIN, PEERS, benchEnv } from './paths.js';
import { alternate, timeOnce, type Contender } from './spawn-timing.js';
import { fmtMs, fmtRate, median, ratio } from './stats.js';
import type { BenchRow } from './table.js';

const SDK_SCRIPT = path.join(PEERS, 'sdk-mint.mjs');
const MINT_TARGET = 0.75;
const RATE_TARGET = 500;

function expectTokens(count: number): (stdout: string) => void {
  return (stdout) => {
    const names = stdout.split('\n').filter((l) => l.includes('auth_tokens/'));
    if (names.length !== count) throw new Error(`bench: expected ${count} tokens, got ${names.length}`);
  };
}

function contenders(emu: EmulatorChild, count: number): [Contender, Contender] {
  const countArgs = count > 1 ? ['--count', String(count), '--output', 'name'] : [];
  return [
    {
      name: 'gemtoken',
      args: [BIN, 'mint', '--uses', '1', '--ttl', '30m', ...countArgs],
      env: benchEnv({ GEMINI_API_KEY: emu.apiKey, GEMTOKEN_BASE_URL: emu.baseUrl }),
      check: expectTokens(count),
    },
    // Same concurrency as gemtoken's --count (DEFAULT_CONCURRENCY in src/token/mint-many.ts).
    {
      name: 'sdk',
      args: [SDK_SCRIPT, String(count), '16'],
      env: benchEnv({ GEMINI_API_KEY: emu.apiKey, GOOGLE_GEMINI_BASE_URL: emu.baseUrl }),
      check: expectTokens(count),
    },
  ];
}

export function benchMintOne(emu: EmulatorChild, rounds: number): BenchRow {
  const times = alternate(contenders(emu, 1), rounds);
  const ours = median(times.get('gemtoken')!);
  const sdk = median(times.get('sdk')!);
  return {
    id: '2',
    what: `gemtoken mint --uses 1 --ttl 30m (median of ${rounds})`,
    measured: fmtMs(ours),
    comparison: `SDK authTokens.create script: ${fmtMs(sdk)}`,
    ratio: ratio(ours, sdk),
    target: `≤ ${MINT_TARGET}×`,
    met: ours / sdk <= MINT_TARGET,
  };
}

export function benchMintMany(emu: EmulatorChild, count: number, rounds: number): BenchRow {
  const [ours, sdk] = contenders(emu, count);
  const oursMs: number[] = [];
  const sdkMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    oursMs.push(timeOnce(ours));
    sdkMs.push(timeOnce(sdk));
  }
  const oursRate = (count * 1000) / median(oursMs);
  const sdkRate = (count * 1000) / median(sdkMs);
  return {
    id: '3',
    what: `gemtoken mint --count ${count} (whole process, median of ${rounds})`,
    measured: fmtRate(oursRate, 'tokens'),
    comparison: `SDK script, same concurrency (16): ${fmtRate(sdkRate, 'tokens')}`,
    ratio: ratio(oursRate, sdkRate),
    target: `≥ ${RATE_TARGET} tokens/s`,
    met: oursRate >= RATE_TARGET,
  };
}
