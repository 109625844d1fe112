// It failed before the depth-safe parser (issue 19 item 4) and bounded frame readers (item 3) landed; it guards it now.
//
// Issue 19 item 9, the recorder and the replayer against hostile clients (see servers.ts): after
// each batch of arbitrary frames and REST requests the server is alive and the health probe works.

import { survivesHostileClients } from './servers.js';

survivesHostileClients(['recorder', 'replayer']);
