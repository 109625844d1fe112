// serve in front of one hostile upstream whose replies a case sets, with callers that may misbehave
// (a slowloris that never finishes its headers, a body that stops half way). Shared by the serve
// properties: each case starts its own serve, asks it for tokens, probes it, then stops it with ONE
// SIGTERM and measures how long it took to exit.

import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { startServe } from '../e2e/serve-helpers.js';
import { CANARY_KEY, hostileHttp, type HostilePeer } from '../security/hostile.js';
import { HANG_BOUND_MS } from '../security/stop-once.js';
import { replyPlanArb, writeReply, type ReplyPlan } from './http-replies.js';

export const serveCase = fc.record({
  replies: fc.array(replyPlanArb, { minLength: 1, maxLength: 3 }),
  slowClients: fc.array(fc.constantFrom('slowloris', 'half-body', 'idle'), { maxLength: 3 }),
});
export type ServeCase = typeof serveCase extends fc.Arbitrary<infer T> ? T : never;

export interface ServeOutcome {
  /** Each POST /token answer: status, headers and body as one text. */
  readonly answers: string[];
  readonly healthz: number | 'no answer';
  readonly log: string;
  readonly stdout: string;
  readonly exit: { code: number | null; hung: boolean; ms: number };
}

/** Opens a caller that never completes its request, as the case says; destroyed when the case ends. */
function slowClient(url: URL, kind: string): Socket {
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  if (kind === 'slowloris') socket.write('POST /token HTTP/1.1\r\nHost: x\r\nX-a: ');
  if (kind === 'half-body')
    socket.write(
      'POST /token HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 900\r\n\r\n{"a":',
    );
  return socket;
}

async function answer(url: string, init: RequestInit = {}): Promise<string> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(8_000) });
    return `${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`;
  } catch (error) {
    return `no answer: ${(error as Error).name}`;
  }
}

/** A hostile upstream for the file's tests, and a runner for one serve case. */
export function servePeer(): (value: ServeCase) => Promise<ServeOutcome> {
  let replies: readonly ReplyPlan[] = [];
  let served = 0;
  let peer: HostilePeer | undefined;
  beforeAll(async () => {
    peer = await hostileHttp((_req, res) => void writeReply(res.socket!, replies[served++ % replies.length]!));
  });
  afterAll(() => peer?.close());
  return async (value) => {
    replies = value.replies;
    served = 0;
    const serve = await startServe(
      ['--base-url', peer!.baseUrl, '--timeout', '2s', '--retries', '0', '--rate', 'off'],
      { GEMINI_API_KEY: CANARY_KEY },
    );
    const url = new URL(serve.url);
    const slow = value.slowClients.map((kind) => slowClient(url, kind));
    try {
      const answers = await Promise.all(value.replies.map(() => answer(`${serve.url}/token`, { method: 'POST' })));
      const health = await answer(`${serve.url}/healthz`);
      const started = performance.now();
      const exited = serve.stop();
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_BOUND_MS))),
      ]);
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      if (code === 'hung') serve.process.kill('SIGKILL');
      return {
        answers,
        healthz: health.startsWith('200 ')
          ? 200
          : health.startsWith('no answer')
            ? 'no answer'
            : Number(health.slice(0, 3)),
        log: serve.stderr(),
        stdout: serve.stdout(),
        exit: { code: code === 'hung' ? await exited : code, hung: code === 'hung', ms },
      };
    } finally {
      slow.forEach((socket) => socket.destroy());
      serve.process.kill('SIGKILL');
    }
  };
}
