// It failed before the one shutdown path for servers and serve's limits landed; it guards it now.
//
// Serve with callers that misbehave (a slowloris that never ends its headers, a
// body that stops half way, an idle connection) beside an upstream that answers anything: it still
// answers /healthz, and ONE SIGTERM ends it with exit 0 within the bound (the README promises 1 s;
// the test allows HANG_BOUND_MS for a loaded machine and reports the measured figure).

import { describe, expect } from 'vitest';
import { HANG_BOUND_MS } from '../security/stop-once.js';
import { fuzzIt } from './harness.js';
import { serveCase, servePeer } from './serve-cases.js';

describe('serve with misbehaving callers: one SIGTERM', () => {
  const serve = servePeer();
  fuzzIt(
    `serve: with slow callers, /healthz answers and one SIGTERM → exit 0 within ${HANG_BOUND_MS} ms`,
    serveCase,
    async (value, measured) => {
      const outcome = await serve(value);
      measured.max('sigterm-exit-ms', outcome.exit.ms);
      expect(outcome.healthz).toBe(200);
      expect(outcome.exit).toMatchObject({ hung: false, code: 0 });
    },
    { caseMs: 40_000 },
  );
});
