// Issue 19 item 9, the emulator, the recorder and the replayer against hostile clients: batches of
// Live sessions sending arbitrary frames (any opcode, huge declared lengths, deep JSON, wrong types,
// any close code) and REST requests with arbitrary bodies and framing. After each batch the server
// is alive and another session (the health probe) still works. Targets that do not hold yet are in
// pending/emulator-frames.pending.ts.

import { describe } from 'vitest';
import { fuzzIt } from './harness.js';
import { batchArb, sendBatch } from './raw-clients.js';
import { expectStillServing, SERVER_KEY, serversForFile, type Target } from './servers.js';

describe('emulator servers against hostile clients', () => {
  const server = serversForFile();
  for (const target of ['emulator'] as Target[]) {
    fuzzIt(
      `${target}: survives any batch of hostile frames and REST requests, and serves the next session`,
      batchArb,
      async (batch) => {
        const handle = await server(target);
        await sendBatch(handle.baseUrl, batch, SERVER_KEY);
        await expectStillServing(handle, target);
      },
      { caseMs: 25_000 },
    );
  }
});
