// --replay, Live half. An upgrade on a Live route is accepted (the replayer holds no keys), unless
// the recording refused it there, in order (upgrade-order.ts): then the same HTTP answer; a session
// recorded without any client message (the upstream ended it first) plays at once. Otherwise the
// first client message (the setup) picks an unused recording with the same setup (preferring the
// same resumption handle, then the same token placeholder, then recording order). From then on each
// client message must match the next recorded one (match.ts), and each recorded server line is sent
// once the client message it followed has arrived, after the recorded delay / --replay-speed (0: at
// once), never before the line recorded ahead of it. Anything unexpected: close 1007 with a reason
// naming the file, the position and what was expected, and a log line. Never an invented reply.
// reset() closes the open sessions (1001, as the emulator's reset does) and starts over: every
// cassette unused again. A socket keeps the bookkeeping (Run) of the start it began under, so one
// still closing after a reset cannot mark anything used in the next.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { Cancel, EmulatorClock } from '../clock.js';
import type { EmulatorLog } from '../core.js';
import { answerUpgrade, refuseUpgrade, upgradeServer } from '../live/upgrade.js';
import { parseLiveRoute } from '../live/route.js';
import { frameBytes } from '../record/cassette.js';
import { parseJson } from '../../parse/json.js';
import type { LiveCassette, RefusedUpgrade } from './load.js';
import { UpgradeOrder } from './upgrade-order.js';
import { CloseCode, Reason } from '../live/close-codes.js';
import { ClientCursor } from './cursor.js';
import { describeMessage, resumptionHandle, setupKey } from './match.js';
import type { ReplayTokens } from './rest.js';

export interface LiveReplayOptions {
  readonly cassettes: readonly LiveCassette[];
  readonly refused: readonly RefusedUpgrade[];
  readonly tokens: ReplayTokens;
  /** 1 = recorded timing, 2 = twice as fast, 0 = as fast as possible. */
  readonly speed: number;
  readonly maxFrameBytes: number;
  readonly clock: EmulatorClock;
  readonly log: EmulatorLog;
}

const MAX_REASON_BYTES = 123;

/** A close reason fits in 123 bytes; the log line keeps the whole account. */
export function shortReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > MAX_REASON_BYTES) out = `${out.slice(0, -2)}…`;
  return out;
}

/**
 * A client frame as the matcher compares it: its JSON, or its text when it is not JSON or is nested
 * deeper than any recording holds (framePayload kept such frames as text), so matching, describing
 * and logging it never walk a 50,000-level value; it fails to match, and that socket closes 1007.
 */
const parse = (data: RawData): unknown => {
  const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8');
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text;
};

/** What one start of the replayer has used up. */
interface Run {
  readonly used: Set<LiveCassette>;
  readonly order: UpgradeOrder;
}

export function liveReplay(options: LiveReplayOptions) {
  const wss = upgradeServer(options.maxFrameBytes);
  const open = new Set<WebSocket>();
  const matched = options.cassettes.filter((c) => !c.setupless);
  const atUpgrade = [...options.refused, ...options.cassettes.filter((c) => c.setupless)];
  const fresh = (): Run => {
    const used = new Set<LiveCassette>();
    return { used, order: new UpgradeOrder(matched, atUpgrade, used) };
  };
  let current = fresh();

  const pick = ({ used }: Run, setup: unknown, placeholder: number | undefined): LiveCassette | undefined => {
    const candidates = matched.filter((c) => !used.has(c) && c.setupKey === setupKey(setup));
    const handle = resumptionHandle(setup);
    // The same handle and the same token as recorded count alike; ties keep recording order.
    const score = (c: LiveCassette): number =>
      (handle !== undefined && c.handle === handle ? 1 : 0) +
      (placeholder !== undefined && c.placeholder === placeholder ? 1 : 0);
    return candidates.reduce<LiveCassette | undefined>(
      (best, c) => (best === undefined || score(c) > score(best) ? c : best),
      undefined,
    );
  };

  const serve = (
    ws: WebSocket,
    run: Run,
    placeholder: number | undefined,
    route: string,
    setupless: LiveCassette | undefined,
  ): void => {
    open.add(ws);
    let settled = setupless !== undefined;
    const settle = (): void => {
      if (!settled) run.order.settled(route);
      settled = true;
    };
    let cassette = setupless;
    let received = 0;
    let next = 0;
    let lastDue = 0;
    let timer: Cancel | undefined;
    const arrivals: number[] = [];
    let failed = false;
    let extra = false;
    let cursor: ClientCursor | undefined;
    const fail = (position: number, expected: string, got: unknown): void => {
      failed = true;
      const file = cassette?.file ?? 'any cassette';
      options.log.event({ event: 'replay.mismatch', file, message: position, expected, got: describeMessage(got) });
      timer?.();
      ws.close(1007, shortReason(`replay mismatch: ${file} message ${position}: expected ${expected}`));
    };
    const pump = (): void => {
      timer = undefined;
      while (cassette && next < cassette.server.length && cassette.server[next]!.after <= received) {
        const step = cassette.server[next]!;
        const anchor = arrivals[step.after - 1] ?? arrivals[0]!;
        const due = options.speed === 0 ? 0 : Math.max(lastDue, anchor + step.delayMs / options.speed);
        const wait = due - options.clock.monotonic();
        if (wait > 0) return void (timer = options.clock.setTimeout(pump, wait));
        lastDue = due;
        next++;
        if (ws.readyState !== WebSocket.OPEN) return;
        if (step.line.kind === 'close') {
          const code = Number(step.line['code']);
          if (code === 1006) ws.terminate();
          else if (code === 1005 || !(code >= 1000)) ws.close();
          else ws.close(code, String(step.line['reason'] ?? ''));
          return;
        }
        ws.send(frameBytes(step.line), { binary: step.line['binary'] === true });
      }
    };
    // A session recorded without client messages plays from the upgrade; what the client sends
    // the recording never saw (the upstream had already ended it), so it is not compared.
    if (setupless) {
      run.used.add(setupless);
      options.log.event({ event: 'replay.session', file: setupless.file });
      arrivals[0] = options.clock.monotonic();
      pump();
    }
    ws.on('message', (data) => {
      if (failed || cassette?.setupless) return;
      const got = parse(data);
      if (!cassette) {
        settle();
        cassette = pick(run, got, placeholder);
        if (!cassette)
          return fail(1, `a setup one of ${options.cassettes.length} cassettes recorded (all used or none equal)`, got);
        run.used.add(cassette);
        options.log.event({ event: 'replay.session', file: cassette.file });
        // The setup matched when the cassette was picked (its handle may differ: see pick()).
        cursor = new ClientCursor(cassette.client, 1);
        arrivals[received++] = options.clock.monotonic();
        return pump();
      }
      const step = cursor!.accept(got);
      if (!step.ok) return fail(step.position, step.expected, got);
      if (step.consumed === 0 && !extra)
        options.log.event({ event: 'replay.extra-audio', file: cassette.file, message: cursor!.position });
      extra ||= step.consumed === 0;
      for (let i = 0; i < step.consumed; i++) arrivals[received++] = options.clock.monotonic();
      if (!timer) pump();
    });
    ws.on('close', () => {
      settle();
      timer?.();
      open.delete(ws);
    });
    ws.on('error', () => undefined);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const target = request.url ?? '/';
    const route = parseLiveRoute(target, request.headers);
    if (!route) return refuseUpgrade(socket, 404, 'Not Found: no Live API method at this path.');
    const path = target.split('?')[0]!.replace(/\/{2,}/g, '/');
    const run = current;
    const met = run.order.next(path);
    if (met && 'status' in met) {
      options.log.event({ event: 'replay.refused', file: met.file, answer: met.status });
      return answerUpgrade(socket, met.status, met.headers, options.tokens.substitute(met.body));
    }
    const token = route.credential?.source.includes('token') ? route.credential.value : undefined;
    wss.handleUpgrade(request, socket, head, (ws) =>
      serve(ws, run, token === undefined ? undefined : options.tokens.placeholderOf(token), path, met),
    );
  };
  return {
    onUpgrade,
    async reset(): Promise<void> {
      current = fresh();
      await closeAndWait(open, CloseCode.goingAway, Reason.reset, options.clock);
    },
    close(): void {
      for (const ws of open) ws.close(1001, 'The replayer is shutting down.');
      wss.close();
    },
  };
}

// Closing a set of WebSockets and waiting until each one has ended: a reset must not return while a
// session of the previous test can still send something into the next. A peer that never answers
// the close frame is cut after the grace, as the emulator's own reset does (live/attach.ts).
export const CLOSE_GRACE_MS = 1000;

export async function closeAndWait(
  sockets: Iterable<WebSocket>,
  code: number,
  reason: string,
  clock: EmulatorClock,
): Promise<void> {
  const closing = [...sockets].filter((ws) => ws.readyState !== WebSocket.CLOSED);
  if (closing.length === 0) return;
  const ended = closing.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  for (const ws of closing) ws.close(code, reason);
  const cancelGrace = clock.setTimeout(() => closing.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS);
  await Promise.all(ended);
  cancelGrace();
}
