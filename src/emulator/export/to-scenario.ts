// Cassette → scenario: --record's cassettes export to the --scenario format, so a recording can be
// edited into a test. Pure: the recorded lines in, a scenario object
// (the --scenario file's JSON) and notes on what it approximates out. One conversation (a session
// and the resumes that continued it) makes one scenario, because a scenario scripts every session
// the emulator serves and keeps its place across resumes.

import { EmulatorOptionError } from '../durations.js';
import type { CassetteLine } from '../record/cassette.js';
import { groupConversations, type Conversation, type Grouped } from './chains.js';
import { inferConnection, scriptableClose, type ConnectionJson } from './connection.js';
import { modelTurns, type ModelTurnRecord } from './model-turns.js';
import { scenarioTurn, type Expected, type TurnJson } from './scenario-turn.js';
import { sessionConfigs } from './session-configs.js';
import { timeline, type SessionCassette, type Timed } from './timeline.js';
import { userTurns } from './user-turns.js';

export interface ScenarioJson {
  description: string;
  connection?: ConnectionJson;
  turns: TurnJson[];
}

export interface Exported {
  readonly scenario: ScenarioJson;
  /** What the scenario approximates or leaves out, one line each, for stderr. */
  readonly notes: readonly string[];
}

interface Turn {
  readonly input: Expected;
  readonly startSeq: number;
  readonly end: Timed;
  readonly frames?: number;
}

const fail = (message: string): never => {
  throw new EmulatorOptionError(`--export-scenario: ${message}`);
};

function choose({ conversations, refused }: Grouped, pick: string | undefined): Conversation {
  if (pick !== undefined) {
    // A refused resume belongs to the conversation it tried to resume.
    const found = conversations.find(
      (c) => c.sessions.some((s) => s.file === pick) || c.refused.some((r) => r.file === pick),
    );
    if (found) return found;
    const gone = refused.find((r) => r.file === pick);
    return fail(
      gone
        ? `${pick}: the upstream ${gone.http ? 'refused the upgrade' : 'closed it before setupComplete'} (${gone.how}), so it holds no conversation`
        : `no cassette ${pick}`,
    );
  }
  if (conversations.length === 1) return conversations[0]!;
  if (conversations.length === 0)
    return fail('no recorded session got past its setup (no setupComplete): nothing to script');
  return fail(
    `${conversations.length} conversations are recorded (starting at ${conversations.map((c) => c.sessions[0]!.file).join(', ')}): name the cassette of the one to export`,
  );
}

/** Speech the VAD could not hear (--record-audio off): each model turn with no user turn before it gets one that expects anything. */
function withUnheardTurns(turns: Turn[], model: readonly ModelTurnRecord[]): Turn[] {
  const out = [...turns];
  let previous = -1;
  for (const answer of model) {
    if (!turns.some((turn) => turn.startSeq > previous && turn.startSeq < answer.start.seq))
      out.push({ input: { kind: 'anything' }, startSeq: answer.start.seq - 0.5, end: answer.start });
    previous = answer.start.seq;
  }
  return out.sort((a, b) => a.startSeq - b.startSeq);
}

function span(sessions: readonly SessionCassette[]): string {
  const files = sessions.map((s) => s.file);
  return files.length === 1 ? files[0]! : `${files[0]} … ${files.at(-1)} (${files.length} sessions)`;
}

export function exportScenario(
  live: readonly SessionCassette[],
  rest: readonly CassetteLine[],
  pick?: string,
): Exported {
  const grouped = groupConversations(live);
  const conversation = choose(grouped, pick);
  const { sessions } = conversation;
  const notes: string[] = [];
  const skipped = conversation.refused;
  if (skipped.length > 0)
    notes.push(
      `${skipped.map((r) => r.file).join(', ')}: closed before setupComplete (e.g. ${skipped[0]!.how}); the emulator's own token and session rules decide that again, so they are not in the scenario`,
    );
  const http = grouped.refused.filter((r) => r.http);
  if (http.length > 0)
    notes.push(
      `${http.map((r) => `${r.file} (${r.how})`).join(', ')}: upgrades the upstream refused; a scenario cannot refuse one (--fault live:refuse can), so they are not in it`,
    );
  if (conversation.resumesUnrecorded)
    notes.push(`${sessions[0]!.file} resumes a session that was not recorded; the scenario starts there`);
  const lines = timeline(sessions);
  const client = userTurns(lines, sessionConfigs(sessions, rest));
  const server = modelTurns(lines);
  const seqs = new Map(lines.map((at) => [at.seq, at]));
  let turns: Turn[] = client.turns.map((turn) => ({
    input: turn.input,
    startSeq: turn.startSeq,
    end: seqs.get(turn.endSeq)!,
    frames: turn.frames,
  }));
  if (client.audioWithoutBytes) {
    turns = withUnheardTurns(turns, server.turns);
    notes.push(
      'input audio was recorded as its size only (--record-audio off), so speech turns cannot be measured: they expect "anything"',
    );
  }
  if (turns.length === 0)
    fail(`${span(sessions)}: no user turn (speech, text or clientContent) was recorded: nothing to script`);
  const owner = (seq: number): number => turns.findLastIndex((turn) => turn.startSeq < seq);
  const answers = turns.map((): ModelTurnRecord[] => []);
  for (const answer of server.turns) {
    const index = owner(answer.start.seq);
    if (index < 0)
      notes.push(
        `the model spoke before the user's first turn (${sessions[answer.start.session]!.file} at ${answer.start.t} ms); a scenario cannot start a turn by itself, so it is left out`,
      );
    else answers[index]!.push(answer);
  }
  const json: TurnJson[] = turns.map((turn, index) =>
    scenarioTurn(
      {
        index,
        input: turn.input,
        frames: turn.frames ?? 0,
        end: turn.end,
        answers: answers[index]!,
        bargeIns: client.bargeIns,
        toolResponses: client.toolResponses,
      },
      notes,
    ),
  );
  const conn = inferConnection(server.goAways, server.closes);
  notes.push(...conn.notes);
  // Connection events the lifetime does not account for belong to the turn they fell in.
  const inTurn = (at: Timed, what: string): number | undefined => {
    const index = turns.findLastIndex((turn) => turn.end.seq < at.seq);
    if (index >= 0 && turns[index]!.end.session === at.session) return index;
    notes.push(
      `${what} in ${sessions[at.session]!.file} at ${at.t} ms came before any user turn of that connection: a scenario cannot express it`,
    );
    return undefined;
  };
  for (const { at, timeLeft } of server.goAways.filter(({ at }) => !conn.explained.has(at.seq))) {
    const index = inTurn(at, 'a goAway');
    if (index === undefined) continue;
    const { model } = json[index]!;
    if (model['goAwayAfterMs'] !== undefined)
      notes.push(`turns[${index}]: a second goAway in the same turn is left out`);
    else model['goAwayAfterMs'] = Math.max(0, Math.round(at.t - turns[index]!.end.t));
    if (timeLeft !== '5s')
      notes.push(`turns[${index}]: the goAway's timeLeft was "${timeLeft}"; a scripted goAway says "5s"`);
  }
  for (const { at, code, reason } of server.closes.filter(({ at }) => !conn.explained.has(at.seq))) {
    const index = inTurn(at, `the server's close ${code}`);
    if (index === undefined) continue;
    if (scriptableClose(code)) json[index]!.model['close'] = { code, reason };
    else notes.push(`turns[${index}]: the server closed ${code}, which a scenario cannot send; left out`);
  }
  if (server.heard.some((text) => !/^\(\d+\.\d s of speech\)$/.test(text))) {
    notes.push('input transcriptions will be the emulator\'s own ("(N s of speech)"), not the recorded words');
  }
  if (server.turns.some((t) => t.before.audioMs + t.after.audioMs > 0))
    notes.push("replies are spoken in the emulator's deterministic voice (a tone per word), not the recorded audio");
  const scenario: ScenarioJson = {
    description: `exported from ${span(sessions)} by gemtoken emulator --export-scenario`,
    ...(conn.connection ? { connection: conn.connection } : {}),
    turns: json,
  };
  return { scenario, notes };
}
