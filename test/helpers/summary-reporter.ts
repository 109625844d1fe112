// Prints one plain closing line, "vitest: N passed, N failed, N skipped", that CI tooling reads
// regardless of the default reporter's colours and layout. A test file that failed before its tests
// ran (an import error, or a missing tool under GEMTOKEN_REQUIRE_TOOLS=1) counts as one failure.
// Under GEMTOKEN_REQUIRE_TOOLS=1 (CI) nothing may skip: each skipped test is named, counted as
// failed, and the run exits non-zero (CI never skips silently: docs/architecture.md, "Tests").
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { REQUIRE_TOOLS_VARIABLE, toolsRequired } from './tools.js';

export default class SummaryReporter implements Reporter {
  #passed = 0;
  #failed = 0;
  #skipped: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === 'passed') this.#passed += 1;
    else if (state === 'failed') this.#failed += 1;
    else this.#skipped.push(`${testCase.module.relativeModuleId} > ${testCase.fullName}`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let failed = this.#failed + unhandledErrors.length + modules.filter((module) => module.errors().length > 0).length;
    let skipped = this.#skipped.length;
    if (toolsRequired() && skipped > 0) {
      for (const name of this.#skipped)
        process.stdout.write(`skipped under ${REQUIRE_TOOLS_VARIABLE}=1 (a failure): ${name}\n`);
      failed += skipped;
      skipped = 0;
      process.exitCode = 1;
    }
    process.stdout.write(`\nvitest: ${this.#passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
