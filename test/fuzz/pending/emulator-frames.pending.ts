// PENDING until the depth-safe parser (issue 19 item 4) and bounded frame readers (item 3) are
// merged; then rename to .test.ts. Fails today: see test/fuzz/KNOWN-FAILURES.md.
//
// Issue 19 item 9, the recorder and the replayer against hostile clients (see ../servers.ts): after
// each batch of arbitrary frames and REST requests the server is alive and the health probe works.

import { survivesHostileClients } from '../servers.js';

survivesHostileClients(['recorder', 'replayer']);
