// A connection's lifetime as the recording shows it: each session that ran long enough got a goAway
// `timeLeft` before its end (and, unless the client left first, a close at that end). The same
// lifetime for every connection is what the real service does (about 10 minutes, goAway 50 s
// ahead: quirk `lifetime-deadline-1011`), so it becomes the scenario's `connection` block, not a per-turn
// goAway; goAways at other moments stay with the turn they fell in.

import type { Timed } from './timeline.js';

export interface ConnectionJson {
  lifetimeMs: number;
  goAwayLeadMs: number;
  close?: { code: number; reason: string };
}

export interface ConnectionFacts {
  readonly connection: ConnectionJson | undefined;
  /** goAways and closes the connection block accounts for (by seq). */
  readonly explained: ReadonlySet<number>;
  readonly notes: readonly string[];
}

// goAway.timeLeft, a protobuf Duration ("50s", "0.400s"), in ms. The client reads the same form with
// its own parseWireDuration: the emulator shares no wire parsing with it (test/unit/emulator/fence.test.ts).
function timeLeftMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** Close codes a scenario may send (schema.ts). */
export const scriptableClose = (code: number): boolean =>
  code === 1000 || code === 1001 || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);

export function inferConnection(
  goAways: readonly { readonly at: Timed; readonly timeLeft: string }[],
  closes: readonly { readonly at: Timed; readonly code: number; readonly reason: string }[],
): ConnectionFacts {
  const notes: string[] = [];
  const firsts = new Map<number, { at: Timed; leadMs: number }>();
  for (const { at, timeLeft } of goAways) {
    const leadMs = timeLeftMs(timeLeft);
    if (leadMs !== undefined && !firsts.has(at.session)) firsts.set(at.session, { at, leadMs });
  }
  if (firsts.size === 0) return { connection: undefined, explained: new Set(), notes };
  // Delays only add to a recorded time, so the earliest end is the closest to the upstream's own.
  const ends = [...firsts.values()].map(({ at, leadMs }) => ({ endMs: at.t + leadMs, leadMs }));
  const earliest = ends.reduce((a, b) => (b.endMs < a.endMs ? b : a));
  const lifetimeMs = Math.round(earliest.endMs / 10) * 10;
  const slack = Math.max(100, lifetimeMs * 0.02);
  const explained = new Set<number>();
  const sessions = new Set<number>();
  for (const { at, leadMs } of firsts.values()) {
    if (Math.abs(at.t + leadMs - lifetimeMs) > slack) continue;
    explained.add(at.seq);
    sessions.add(at.session);
  }
  const late = ends.filter(({ endMs }) => endMs - lifetimeMs > slack).length;
  if (late > 0)
    notes.push(
      `connection: ${late} goAway(s) came later than the connection lifetime of ${lifetimeMs} ms the others show; each stays a goAwayAfterMs of the turn it fell in`,
    );
  const connection: ConnectionJson = { lifetimeMs, goAwayLeadMs: Math.min(earliest.leadMs, lifetimeMs - 1) };
  // The close at the end of a lifetime: a server close after that session's goAway.
  for (const close of closes) {
    const first = firsts.get(close.at.session);
    if (!first || !sessions.has(close.at.session) || close.at.seq < first.at.seq) continue;
    explained.add(close.at.seq);
    if (connection.close) continue;
    if (scriptableClose(close.code)) connection.close = { code: close.code, reason: close.reason };
    else
      notes.push(
        `connection: the close at the end of a lifetime was ${close.code}, which a scenario cannot send; the emulator's own end-of-lifetime close is used`,
      );
  }
  return { connection, explained, notes };
}
