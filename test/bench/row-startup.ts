// Row 1: start-up of `gemtoken --help` and `--version` against `node -e 0`, the floor of any Node CLI.

import { alternate } from './spawn-timing.js';
import path from 'node:path';
import { BIN, PEERS, benchEnv } from './paths.js';
import { fmtMs, median, ratio } from './stats.js';
import type { BenchRow } from './table.js';

const TARGET = 1.3;

export function benchStartup(rounds: number): BenchRow[] {
  const env = benchEnv();
  const times = alternate(
    [
      { name: 'node', args: ['-e', '0'], env },
      { name: 'help', args: [BIN, '--help'], env, check: (out) => expectText(out, 'Usage: gemtoken') },
      { name: 'version', args: [BIN, '--version'], env, check: (out) => expectText(out, '.') },
      { name: 'esm', args: [path.join(PEERS, 'print-line.mjs')], env, check: (out) => expectText(out, '0.0.0') },
    ],
    rounds,
  );
  const floor = median(times.get('node')!);
  const esm = median(times.get('esm')!);
  return (['help', 'version'] as const).map((name, i) => {
    const value = median(times.get(name)!);
    return {
      id: '1',
      what: `gemtoken --${name} (median of ${rounds})`,
      measured: fmtMs(value),
      comparison: `node -e 0: ${fmtMs(floor)}`,
      ratio: ratio(value, floor),
      target: `≤ ${TARGET}×`,
      met: value / floor <= TARGET,
      ...(i === 0
        ? {
            note: `for comparison, an ES-module script that prints one line takes ${fmtMs(esm)} (${ratio(esm, floor)} node -e 0): the ES-module loader's own start-up; bin/gemtoken.js and dist/cli.cjs are CommonJS so --help/--version skip it.`,
          }
        : {}),
    };
  });
}

function expectText(stdout: string, text: string): void {
  if (!stdout.includes(text)) throw new Error(`bench: unexpected output ${JSON.stringify(stdout.slice(0, 100))}`);
}
