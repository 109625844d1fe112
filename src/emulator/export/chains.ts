// Which recorded Live sessions make one conversation. A session whose setup resumes with a handle
// an earlier session was given continues that session's conversation, whatever token it was opened
// with (talk mints a fresh one for a resume: quirk `resume-costs-use`). A session the upstream closed
// before setupComplete (a refused resume, a used-up token, a bad key) ran no conversation: the
// emulator's own rules decide those again on replay, so the export sets them aside. So does an
// upgrade the upstream refused with plain HTTP (a `refused` line): no WebSocket, no setup.

import { isObject } from '../json.js';
import { clientSetup, frameObject, type SessionCassette } from './timeline.js';

export interface Refused {
  readonly file: string;
  /** How the upstream said no: `HTTP 429` (a refused upgrade) or `1011 "Token has been used too many times"`. */
  readonly how: string;
  /** Refused as an upgrade, before any WebSocket: something a scenario cannot do. */
  readonly http: boolean;
}

export interface Conversation {
  readonly sessions: readonly SessionCassette[];
  /** Its first session resumes a handle no recorded session was given. */
  readonly resumesUnrecorded: boolean;
  /** Attempts to resume it that the upstream refused. */
  readonly refused: readonly Refused[];
}

export interface Grouped {
  readonly conversations: readonly Conversation[];
  readonly refused: readonly Refused[];
}

function setupHandle(session: SessionCassette): string | undefined {
  const resumption = clientSetup(session)?.['sessionResumption'];
  const handle = isObject(resumption) ? resumption['handle'] : undefined;
  return typeof handle === 'string' && handle !== '' ? handle : undefined;
}

function issuedHandles(session: SessionCassette): string[] {
  return session.lines.flatMap((line) => {
    const update = line.dir === 'server' ? frameObject(line)?.['sessionResumptionUpdate'] : undefined;
    const handle = isObject(update) ? update['newHandle'] : undefined;
    return typeof handle === 'string' && handle !== '' ? [handle] : [];
  });
}

const served = (session: SessionCassette): boolean =>
  session.lines.some((line) => line.dir === 'server' && frameObject(line)?.['setupComplete'] !== undefined);

/** Sessions in recording order → conversations (each in order) and the sessions set aside. */
export function groupConversations(sessions: readonly SessionCassette[]): Grouped {
  const conversations: { sessions: SessionCassette[]; resumesUnrecorded: boolean; refused: Refused[] }[] = [];
  const refused: Refused[] = [];
  const byHandle = new Map<string, number>();
  for (const session of sessions) {
    const handle = setupHandle(session);
    let index = handle === undefined ? undefined : byHandle.get(handle);
    if (!served(session)) {
      const http = session.lines.find((line) => line.kind === 'refused');
      const close = session.lines.find((line) => line.kind === 'close');
      const how = http
        ? `HTTP ${String(http['status'])}`
        : close
          ? `${String(close['code'])} ${JSON.stringify(close['reason'] ?? '')}`
          : 'no answer';
      const entry = { file: session.file, how, http: http !== undefined };
      refused.push(entry);
      if (index !== undefined) conversations[index]!.refused.push(entry);
      continue;
    }
    if (index === undefined) {
      index = conversations.length;
      conversations.push({ sessions: [], resumesUnrecorded: handle !== undefined, refused: [] });
    }
    conversations[index]!.sessions.push(session);
    for (const issued of issuedHandles(session)) byHandle.set(issued, index);
  }
  return { conversations, refused };
}
