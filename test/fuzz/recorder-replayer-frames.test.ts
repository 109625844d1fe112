// It failed before the depth-safe parser and bounded frame readers landed; it guards it now.
//
// The recorder and the replayer against hostile clients (see servers.ts): after
// each batch of arbitrary frames and REST requests the server is alive and the health probe works.

import { survivesHostileClients } from './servers.js';

survivesHostileClients(['recorder', 'replayer']);
