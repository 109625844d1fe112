// The recorder against hostile clients that put the key they connect with
// into their frames, close reasons, REST headers and bodies (raw, percent-encoded, base64 at any
// alignment, any case, split): no form of it in any cassette or in the recorder's log. It found a key
// from a Live session's ?key=, lower-cased and '_'-separated in a REST request's header sent while the
// upstream had not yet accepted the session, in rest.ndjson (seed 1291920852, path 0:0:0): keys were
// learned when a line was written, now when the request carrying them arrives, into the emulator's one
// registry. A recorder learns a key from a request that sends it as a key (?key=, x-goog-api-key,
// Authorization); one that has never met it as one cannot tell it from any other text, so each
// recorder process first meets it so (its lines are checked too), as any real client's first request.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { fuzzIt } from './harness.js';
import { leaks } from './key-forms.js';
import { batchArb, sendBatch } from './raw-clients.js';
import { RECORD_DIR, SERVER_KEY, serversForFile } from './servers.js';

/** The recorder processes that have met the key as a key. */
const introduced = new WeakSet<object>();

const cassettes = (): Array<[string, Buffer]> =>
  readdirSync(RECORD_DIR).map((name) => [name, readFileSync(path.join(RECORD_DIR, name))]);

describe('the recorder against hostile clients: secrets', () => {
  const server = serversForFile();
  fuzzIt(
    'recorder: no form of a client key in any cassette or its log',
    batchArb,
    async (batch) => {
      const handle = await server('recorder');
      // Only what this case made the recorder write: cassettes are appended to, the log grows.
      const before = new Map(cassettes().map(([name, bytes]) => [name, bytes.length]));
      const logBefore = handle.log().length;
      if (!introduced.has(handle.process)) {
        const first = await fetch(`${handle.baseUrl}/v1beta/models`, {
          headers: { 'x-goog-api-key': SERVER_KEY },
          signal: AbortSignal.timeout(5_000),
        });
        await first.arrayBuffer();
        introduced.add(handle.process);
      }
      await sendBatch(handle.baseUrl, batch, SERVER_KEY);
      const written = cassettes().map(([name, bytes]) => [name, bytes.subarray(before.get(name) ?? 0)] as const);
      expect(leaks({ ...Object.fromEntries(written), log: handle.log().slice(logBefore) }, SERVER_KEY)).toEqual([]);
    },
    { caseMs: 25_000 },
  );
});
