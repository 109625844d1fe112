// Per-connection counters, kept for GET /emulator/sessions: every open session plus the most
// recent closed ones (bounded, so a long-running emulator does not grow).

import { FrameTally } from './frame-tally.js';
import type { SessionConfig } from './session-config.js';
import type { ToolCallRecord } from './tool-ledger.js';
import type { JsonObject } from '../json.js';
import { sees, type KeyIndex, type Viewer } from '../viewer.js';

const CLOSED_KEPT = 1000;

export interface SessionStats {
  readonly id: string;
  readonly apiVersion: string;
  readonly method: string;
  readonly auth: 'key' | 'token' | 'none';
  /** The API key's position (a token's minting key); undefined when unauthenticated (shown to every key). */
  readonly owner: KeyIndex | undefined;
  readonly openedAt: number;
  conversationId: string | undefined;
  resumed: boolean;
  fault: string | undefined;
  closedAt: number | undefined;
  closeCode: number | undefined;
  closeReason: string | undefined;
  closedBy: 'server' | 'client' | undefined;
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
  audioBytesIn: number;
  audioFramesIn: number;
  realtimeInputMessages: number;
  /** Video frames (realtimeInput.video), readable or not. */
  readonly frames: FrameTally;
  turns: number;
  interrupted: number;
  textTurns: number;
  /** Function calls this connection made (answers land here even when they came on a resumed socket). */
  readonly toolCalls: ToolCallRecord[];
  setup: { readonly effective: JsonObject; readonly config: SessionConfig } | undefined;
}

export class SessionBook {
  readonly #open = new Set<SessionStats>();
  readonly #closed: SessionStats[] = [];
  #seq = 0;

  open(fields: Pick<SessionStats, 'apiVersion' | 'method' | 'auth' | 'owner' | 'openedAt'>): SessionStats {
    const stats: SessionStats = {
      ...fields,
      id: `s${++this.#seq}`,
      conversationId: undefined,
      resumed: false,
      fault: undefined,
      closedAt: undefined,
      closeCode: undefined,
      closeReason: undefined,
      closedBy: undefined,
      bytesIn: 0,
      bytesOut: 0,
      framesIn: 0,
      framesOut: 0,
      audioBytesIn: 0,
      audioFramesIn: 0,
      realtimeInputMessages: 0,
      frames: new FrameTally(),
      turns: 0,
      interrupted: 0,
      textTurns: 0,
      toolCalls: [],
      setup: undefined,
    };
    this.#open.add(stats);
    return stats;
  }

  close(stats: SessionStats): void {
    if (!this.#open.delete(stats)) return;
    this.#closed.push(stats);
    if (this.#closed.length > CLOSED_KEPT) this.#closed.shift();
  }

  /** Forgets the closed sessions the viewer may see (open ones are closed first by the reset). */
  forgetClosed(viewer: Viewer): void {
    for (let i = this.#closed.length - 1; i >= 0; i--)
      if (sees(viewer, this.#closed[i]!.owner)) this.#closed.splice(i, 1);
  }

  get openCount(): number {
    return this.#open.size;
  }

  list(): SessionStats[] {
    return [...this.#closed, ...this.#open].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  }
}
