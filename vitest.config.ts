import path from 'node:path';
import { defineConfig } from 'vitest/config';

// .ci/node24.sh runs the SDK peer tests a second time with @google/genai 3.x (it needs Node ≥ 22,
// so it is not a dependency): GEMTOKEN_GENAI_DIR names the folder it was installed into.
const genaiDir = process.env.GEMTOKEN_GENAI_DIR;
const genaiAlias = genaiDir
  ? [
      {
        find: /^@google\/genai$/,
        replacement: path.resolve(genaiDir, 'node_modules/@google/genai/dist/node/index.mjs'),
      },
    ]
  : [];

export default defineConfig({
  resolve: { alias: genaiAlias },
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests spawn the built binary and real servers; keep a 2-core machine from thrashing.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll's 1 s default is a wall-clock bet on how fast a child process reacts; on a loaded
    // 2-core machine (CI, or npm test beside other work) that bet was lost. Polls end as soon as the
    // condition holds, so a longer bound costs nothing when things are fast.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
