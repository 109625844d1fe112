// Placeholder: replaced by the Live half of the emulator.
import type { EmulatorCore } from '../core.js';

export interface LiveHalf {
  /** Closes every open session (1001 going away) and stops accepting upgrades. */
  close(): Promise<void>;
}

export function attachLive(_core: EmulatorCore): LiveHalf {
  return { close: async () => undefined };
}
