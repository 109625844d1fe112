// `npm run fuzz`: the property suite of test/fuzz for as long as GEMTOKEN_FUZZ_MINUTES says (default
// 10), as many cases as fit. It counts the properties, gives each an equal share of the time on the
// two workers vitest uses (vitest.config.ts), runs them with that budget (fast-check's
// interruptAfterTimeLimit) and prints, per property, the cases run, the time, the seed and what it
// measured. Extra arguments go to vitest (e.g. a file, or `-t` to pick properties). A failure prints
// its seed and path: GEMTOKEN_FUZZ_SEED=… GEMTOKEN_FUZZ_PATH=… replays it.
import { spawnSync } from 'node:child_process';

const WORKERS = 2;
const minutes = Number(process.env.GEMTOKEN_FUZZ_MINUTES || 10);
const vitest = ['node_modules/vitest/vitest.mjs'];
const extra = process.argv.slice(2);
const targets = extra.length > 0 ? extra : ['test/fuzz'];

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const listed = spawnSync(process.execPath, [...vitest, 'list', ...targets, '--json'], {
  encoding: 'utf8',
  maxBuffer: 16 * 1024 * 1024,
});
const count = listed.status === 0 ? JSON.parse(listed.stdout).length : 0;
if (count === 0) {
  process.stderr.write(`fuzz: no properties found under ${targets.join(' ')}\n${listed.stderr}`);
  process.exit(2);
}
// A new seed each run (npm test's is fixed): a run looks where the last did not.
const seed = process.env.GEMTOKEN_FUZZ_SEED || String((Date.now() ^ (process.pid << 8)) | 0);
const perProperty = Math.max(5_000, Math.floor((minutes * 60_000 * WORKERS) / count));
process.stdout.write(
  `fuzz: ${count} properties, ${minutes} min on ${WORKERS} workers: ${Math.round(perProperty / 1000)} s each, seed ${seed}\n`,
);

const run = spawnSync(
  process.execPath,
  [...vitest, 'run', ...targets, '--reporter=default', '--reporter=./test/fuzz/counts-reporter.ts'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      GEMTOKEN_FUZZ_SEED: seed,
      GEMTOKEN_FUZZ_RUNS: process.env.GEMTOKEN_FUZZ_RUNS || '1000000',
      GEMTOKEN_FUZZ_PROPERTY_MS: String(perProperty),
    },
  },
);
process.exit(run.status ?? 1);
