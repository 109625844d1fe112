// `npm run fuzz`'s closing table: per property, the cases run, the time spent, the seed and what it
// measured (e.g. the slowest exit after one SIGTERM), read from the meta each property's test leaves.
import type { Reporter, TestCase } from 'vitest/node';
import type { FuzzMeta } from './harness.js';

export default class FuzzCountsReporter implements Reporter {
  readonly #rows: Array<FuzzMeta & { file: string }> = [];

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta().fuzz;
    if (meta) this.#rows.push({ ...meta, file: testCase.module.relativeModuleId });
  }

  onTestRunEnd(): void {
    if (this.#rows.length === 0) return;
    const lines = this.#rows
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((row) => {
        const measured = Object.entries(row.measured)
          .map(([name, value]) => ` ${name}=${value}`)
          .join('');
        return `${row.failed ? 'FAIL' : 'ok  '} ${String(row.runs).padStart(6)} cases ${String(Math.round(row.ms / 1000)).padStart(5)} s  seed ${row.seed}  ${row.property}${measured}`;
      });
    const total = this.#rows.reduce((sum, row) => sum + row.runs, 0);
    process.stdout.write(`\nfuzz: ${this.#rows.length} properties, ${total} cases\n${lines.join('\n')}\n`);
  }
}
