// Which model turn a session's injected fault cuts halfway (the session then closes 1011
// "Internal error encountered."):
// - `drop`: the first model turn, whatever the session has been told;
// - `internal` (the transient 1011 seen on preview models): the first model turn that starts
//   after a resumption handle went out, so a client holding that handle can resume, as LiveKit's
//   plugin does. A session that never gets handles (no resumption asked or locked) is cut at its
//   first turn: the real error does not wait for a handle either.

import type { LiveFaultKind } from '../core.js';

export interface CutState {
  /** Handles this session has sent so far. */
  readonly handlesSent: () => number;
  /** Whether the session hands out handles at all. */
  readonly resumption: boolean;
}

/** A predicate asked as each model turn starts; true at most once. */
export function turnCutter(fault: LiveFaultKind | undefined, state: CutState): () => boolean {
  if (fault !== 'drop' && fault !== 'internal') return () => false;
  let armed = true;
  return () => {
    if (!armed) return false;
    if (fault === 'internal' && state.resumption && state.handlesSent() === 0) return false;
    armed = false;
    return true;
  };
}
