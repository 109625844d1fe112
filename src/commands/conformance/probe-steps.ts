// The small moves every probe is made of: a setup message, a turn, waiting for a kind of frame, and
// a one-line account of what came back (close code and reason, HTTP status and message, the start
// of a frame) for the report's evidence column. Never a token or key: probes never put one there.

import type { Closed, Frame, LiveProbeSession, MintReply, ProbeIo } from './probe-io.js';

export type Message = Readonly<Record<string, unknown>>;

/** What came after a message a probe waits on: a frame, the close, or nothing in time. */
export type Outcome = Frame | Closed | 'timeout';
export const isClose = (o: Outcome): o is Closed => o !== 'timeout' && o.kind === 'closed';
export const isFrame = (o: Outcome): o is Frame => o !== 'timeout' && o.kind === 'frame';

export const setupOf = (io: ProbeIo, extra: Message = {}): Message => ({
  setup: { model: `models/${io.model}`, generationConfig: { responseModalities: ['AUDIO'] }, ...extra },
});

export const TEXT_TURN: Message = {
  clientContent: { turns: [{ role: 'user', parts: [{ text: 'Say OK.' }] }], turnComplete: true },
};

/** Reads frames until one matches, the session closes, or a wait runs out. */
export async function until(
  session: LiveProbeSession,
  match: (message: Message) => boolean,
  waitMs: number,
): Promise<Outcome> {
  for (;;) {
    const next = await session.next(waitMs);
    if (next === 'timeout' || next.kind === 'closed') return next;
    if (next.message && match(next.message)) return next;
  }
}

export const has =
  (key: string) =>
  (message: Message): boolean =>
    key in message;

export function serverContent(message: Message): Message | undefined {
  const content = message.serverContent;
  return typeof content === 'object' && content !== null ? (content as Message) : undefined;
}

export const turnComplete = (message: Message): boolean => serverContent(message)?.turnComplete === true;

export function newHandle(message: Message): string | undefined {
  const update = message.sessionResumptionUpdate as { newHandle?: unknown } | undefined;
  return typeof update?.newHandle === 'string' && update.newHandle !== '' ? update.newHandle : undefined;
}

const clip = (text: string, max = 100): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function describeOutcome(outcome: Outcome): string {
  if (outcome === 'timeout') return 'no answer in time';
  if (outcome.kind === 'closed') return `close ${outcome.code} ${JSON.stringify(clip(outcome.reason))}`;
  return `frame ${JSON.stringify(clip(outcome.text, 40))}`;
}

export function describeReply(reply: MintReply): string {
  return reply.status === 200 ? 'HTTP 200' : `HTTP ${reply.status} ${JSON.stringify(clip(reply.message ?? ''))}`;
}

/** A token for a probe's session, or the reason there is none (the probe is then inconclusive). */
export async function mintFor(io: ProbeIo, body: Message): Promise<{ token?: string; evidence: string }> {
  const reply = await io.mint(body);
  return reply.status === 200 && reply.name ? { token: reply.name, evidence: '' } : { evidence: describeReply(reply) };
}

/** Opens a session with `setup` and waits for setupComplete (or what came instead). */
export async function started(
  io: ProbeIo,
  token: string,
  setup: Message,
): Promise<{ session: LiveProbeSession; outcome: Outcome }> {
  const session = await io.open(token);
  session.send(setup);
  return { session, outcome: await until(session, has('setupComplete'), io.waitMs) };
}

/** The session's first resumption handle, asking for a turn when none came with the setup. */
export async function firstHandle(io: ProbeIo, session: LiveProbeSession): Promise<string | undefined> {
  const early = await until(session, (m) => newHandle(m) !== undefined || turnComplete(m), Math.min(io.waitMs, 1_000));
  if (isFrame(early)) {
    const handle = newHandle(early.message!);
    if (handle) return handle;
  }
  session.send(TEXT_TURN);
  const later = await until(session, (m) => newHandle(m) !== undefined, io.waitMs);
  return isFrame(later) ? newHandle(later.message!) : undefined;
}
