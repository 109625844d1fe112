// It failed before the secrets redactor (one filter at every sink) landed; it guards it now.
//
// Mint against arbitrary HTTP replies: no form of the key (raw, percent-encoded,
// base64/base64url at any alignment, any case, split by separators, a long prefix) in stdout, stderr
// or $GITHUB_OUTPUT, whatever the server echoes back.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { fuzzIt } from './harness.js';
import { leaks } from './key-forms.js';
import { mintCase, mintPeer } from './mint-cases.js';

const githubOutput = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-mint-secrets-')), 'github-output');

describe('mint against arbitrary HTTP replies: secrets', () => {
  const mint = mintPeer();
  fuzzIt(
    'mint: no form of the key in stdout, stderr or $GITHUB_OUTPUT',
    mintCase,
    async (value) => {
      const result = await mint(value, githubOutput);
      expect(
        leaks({ stdout: result.stdout, stderr: result.stderr, GITHUB_OUTPUT: readFileSync(githubOutput) }),
      ).toEqual([]);
    },
    { caseMs: 15_000 },
  );
});
