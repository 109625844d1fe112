// The emulator against hostile clients: batches of Live sessions sending arbitrary
// frames (any opcode, huge declared lengths, deep JSON, wrong types, any close code) and REST
// requests with arbitrary bodies and framing. After each batch the server is alive and another
// session (the health probe) still works. The recorder and the replayer do not hold yet:
// recorder-replayer-frames.test.ts.

import { survivesHostileClients } from './servers.js';

survivesHostileClients(['emulator']);
