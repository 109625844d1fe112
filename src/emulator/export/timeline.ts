// What the export reads: recorded Live sessions, and one conversation's sessions laid end to end.
// Times restart at 0 in every cassette, so positions across a resume chain are sequence numbers
// (`seq`: the line's place in the whole conversation); `t` stays the time within its session.

import type { CassetteLine } from '../record/cassette.js';
import { isObject } from '../json.js';

export interface SessionCassette {
  readonly file: string;
  readonly lines: readonly CassetteLine[];
}

export interface Timed {
  readonly seq: number;
  /** Index of the session in its conversation. */
  readonly session: number;
  readonly t: number;
  readonly line: CassetteLine;
}

export function timeline(sessions: readonly SessionCassette[]): Timed[] {
  const out: Timed[] = [];
  sessions.forEach(({ lines }, session) => {
    for (const line of lines) out.push({ seq: out.length, session, t: line.t, line });
  });
  return out;
}

/** The frame's parsed JSON when it is a JSON object, else undefined (text/base64 frames, other kinds). */
export function frameObject(line: CassetteLine): Record<string, unknown> | undefined {
  const json = line.kind === 'frame' ? line['json'] : undefined;
  return isObject(json) ? json : undefined;
}

/** The client's setup message (the session's first client frame), if it is one. */
export function clientSetup(session: SessionCassette): Record<string, unknown> | undefined {
  const first = session.lines.find((line) => line.kind === 'frame' && line.dir === 'client');
  const setup = first ? frameObject(first)?.['setup'] : undefined;
  return isObject(setup) ? setup : undefined;
}
