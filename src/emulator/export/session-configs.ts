// Each recorded session's effective setup, as the emulator would compute it: the client's setup
// merged with what the token it was opened with locked (the mint in rest.ndjson whose answer
// carries the same placeholder). The VAD's silence and sensitivity, the modality and the
// transcriptions come from it.

import { isObject, type JsonObject } from '../json.js';
import { sessionConfig, type SessionConfig } from '../live/session-config.js';
import type { CassetteLine } from '../record/cassette.js';
import { pairRest } from '../record/cassette-lines.js';
import { PLACEHOLDER } from '../record/redact.js';
import { mergeSetup } from '../setup/setup-merge.js';
import { clientSetup, type SessionCassette } from './timeline.js';

interface Lock {
  readonly setup: JsonObject;
  readonly fieldMask: readonly string[];
}

/** placeholder number → the setup its mint locked. */
function locks(rest: readonly CassetteLine[]): Map<number, Lock> {
  const out = new Map<number, Lock>();
  for (const { request, response: answer } of pairRest(rest)) {
    if (!answer) continue;
    const placeholder = PLACEHOLDER.exec(JSON.stringify(answer['body'] ?? ''))?.[1];
    const body = request['body'];
    if (placeholder === undefined || !isObject(body) || !isObject(body['bidiGenerateContentSetup'])) continue;
    const mask =
      typeof body['fieldMask'] === 'string'
        ? body['fieldMask']
            .split(',')
            .map((path) => path.trim())
            .filter((path) => path !== '')
        : [];
    out.set(Number(placeholder), { setup: body['bidiGenerateContentSetup'], fieldMask: mask });
  }
  return out;
}

export function sessionConfigs(sessions: readonly SessionCassette[], rest: readonly CassetteLine[]): SessionConfig[] {
  const locked = locks(rest);
  return sessions.map((session) => {
    const open = session.lines.find((line) => line.kind === 'open');
    const placeholder = PLACEHOLDER.exec(JSON.stringify(open ?? {}))?.[1];
    const lock = placeholder === undefined ? undefined : locked.get(Number(placeholder));
    const client = clientSetup(session) ?? {};
    const effective = mergeSetup(client, lock?.setup, lock?.fieldMask ?? []);
    return sessionConfig(effective, true);
  });
}
