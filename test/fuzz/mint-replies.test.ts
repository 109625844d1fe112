// Mint against arbitrary HTTP replies (status, headers, a body with the key in odd
// places, deep nesting, a huge declared length, a cut or trickled body): the exit code is one the
// README's table gives for a server's answer, a failure is one line without a stack trace.
// (No form of the key in any output: mint-replies-secrets.test.ts.)

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { fuzzIt } from './harness.js';
import { mintCase, mintPeer } from './mint-cases.js';
import { expectCleanExit, SERVER_FACING_CODES } from './watch.js';

const githubOutput = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-mint-')), 'github-output');

describe('mint against arbitrary HTTP replies', () => {
  const mint = mintPeer();
  fuzzIt(
    'mint: any reply gives a code from the table, one line, no stack',
    mintCase,
    async (value) => expectCleanExit(await mint(value, githubOutput), SERVER_FACING_CODES),
    {
      caseMs: 15_000,
    },
  );
});
