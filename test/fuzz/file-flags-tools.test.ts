// It failed before errors that never quote a user's file and the depth-safe parser landed; it guards it now.
//
// Arbitrary bytes and structures as `mint --tools @file` and `talk --tools @file`
// (see file-flags.ts): exit in the table, one line, no stack, the file never quoted.

import { describe } from 'vitest';
import { checkFileFlag, fileCase, FILE_FLAGS } from './file-flags.js';
import { fuzzIt } from './harness.js';

describe('--tools files with arbitrary content', () => {
  for (const flag of [FILE_FLAGS.mintTools!, FILE_FLAGS.talkTools!]) {
    fuzzIt(
      `${flag.name}: exit in the table, one line, no stack, the file never quoted`,
      fileCase(flag),
      (value) => checkFileFlag(flag, value),
      { caseMs: 20_000 },
    );
  }
});
