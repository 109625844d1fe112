// Serve in front of an upstream that echoes the key in any form (raw,
// percent-encoded, base64 at any alignment, any case, split by any character that is not a letter or
// digit): no form of it in any answer (status line, headers, body), in its log (stderr) or on stdout.
// It found the key split by ',' every 4 characters in an upstream 400's text reaching serve's log
// (seed 1292299149, path 0:0:1:3:2:2): the redactor's separators were a list, now they are every
// character that cannot be part of a secret's letters and digits.

import { describe, expect } from 'vitest';
import { fuzzIt } from './harness.js';
import { leaks } from './key-forms.js';
import { serveCase, servePeer } from './serve-cases.js';

describe('serve against arbitrary upstream replies: secrets', () => {
  const serve = servePeer();
  fuzzIt(
    'serve: no form of the key in any answer, its log or stdout',
    serveCase.map((value) => ({ ...value, slowClients: [] })),
    async (value) => {
      const outcome = await serve(value);
      expect(
        leaks({
          ...Object.fromEntries(outcome.answers.map((text, i) => [`answer ${i}`, text])),
          log: outcome.log,
          stdout: outcome.stdout,
        }),
      ).toEqual([]);
    },
    { caseMs: 40_000 },
  );
});
