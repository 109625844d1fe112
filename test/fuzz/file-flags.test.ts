// Arbitrary bytes and structures as every file flag (see file-flags.ts). The flags
// that do not hold yet (--tools, mint's and talk's) are in file-flags-tools.test.ts.

import { describe } from 'vitest';
import { fuzzIt } from './harness.js';
import { checkFileFlag, fileCase, FILE_FLAGS } from './file-flags.js';

describe('file flags with arbitrary content', () => {
  for (const flag of [
    FILE_FLAGS.config!,
    FILE_FLAGS.systemInstruction!,
    FILE_FLAGS.apiKeyFile!,
    FILE_FLAGS.talkInput!,
  ]) {
    fuzzIt(
      `${flag.name}: exit in the table, one line, no stack, the file never quoted`,
      fileCase(flag),
      (value) => checkFileFlag(flag, value),
      { caseMs: 20_000 },
    );
  }
});
