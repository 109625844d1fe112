// Prints one plain closing line, "vitest: N passed, N failed, N skipped", that CI tooling reads
// regardless of the default reporter's colours and layout.
import type { Reporter, TestCase } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  #passed = 0;
  #failed = 0;
  #skipped = 0;

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === 'passed') this.#passed += 1;
    else if (state === 'failed') this.#failed += 1;
    else this.#skipped += 1;
  }

  onTestRunEnd(_modules: unknown, unhandledErrors: ReadonlyArray<unknown>): void {
    const failed = this.#failed + unhandledErrors.length;
    process.stdout.write(`\nvitest: ${this.#passed} passed, ${failed} failed, ${this.#skipped} skipped\n`);
  }
}
