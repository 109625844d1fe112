// It failed before the one shutdown path for servers landed; it guards it now.
//
// One signal is enough for the recorder and the replayer: busy with hostile
// sessions held open (half-sent frames, sessions the upstream or the recording refused), ONE
// SIGTERM ends each with exit 0 within the bound.

import { oneSigtermEnds } from './signal-cases.js';

oneSigtermEnds(['recorder', 'replayer']);
