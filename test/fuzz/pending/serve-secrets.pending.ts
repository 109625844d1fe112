// PENDING until the secrets redactor (issue 19 item 1: one filter at every sink, serve's answers and
// log included) is merged; then rename to .test.ts. Fails today: see test/fuzz/KNOWN-FAILURES.md.
//
// Issue 19 item 9, serve in front of an upstream that echoes the key in any form: no form of it in
// any answer (status line, headers, body), in its log (stderr) or on stdout.

import { describe, expect } from 'vitest';
import { fuzzIt } from '../harness.js';
import { leaks } from '../key-forms.js';
import { serveCase, servePeer } from '../serve-cases.js';

describe('serve against arbitrary upstream replies: secrets', () => {
  const serve = servePeer();
  fuzzIt(
    'serve: no form of the key in any answer, its log or stdout',
    serveCase.map((value) => ({ ...value, slowClients: [] })),
    async (value) => {
      const outcome = await serve(value);
      expect(leaks({ ...Object.fromEntries(outcome.answers.map((text, i) => [`answer ${i}`, text])), log: outcome.log, stdout: outcome.stdout })).toEqual([]);
    },
    { caseMs: 40_000 },
  );
});
