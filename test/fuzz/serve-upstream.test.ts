// Serve in front of an upstream that answers anything (key forms in odd places,
// deep JSON, a huge declared length, a cut or trickled body), with well-behaved callers: every
// POST /token gets an answer, /healthz still answers 200 afterwards, and one SIGTERM stops it with
// exit 0. (Secrets: pending/serve-secrets.pending.ts; misbehaving callers and the 1 s bound:
// serve-signal.test.ts.)

import { describe, expect } from 'vitest';
import { fuzzIt } from './harness.js';
import { serveCase, servePeer } from './serve-cases.js';

describe('serve against arbitrary upstream replies', () => {
  const serve = servePeer();
  fuzzIt(
    'serve: any upstream reply is answered, /healthz still 200, one SIGTERM → exit 0',
    serveCase.map((value) => ({ ...value, slowClients: [] })),
    async (value, measured) => {
      const outcome = await serve(value);
      measured.max('sigterm-exit-ms', outcome.exit.ms);
      expect(outcome.answers.filter((text) => text.startsWith('no answer'))).toEqual([]);
      expect(outcome.healthz).toBe(200);
      expect(outcome.exit).toMatchObject({ hung: false, code: 0 });
    },
    { caseMs: 40_000 },
  );
});
