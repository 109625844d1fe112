// Hostile clients on raw sockets, for the emulator, recorder and replayer: a Live session that sends
// whatever frames a case plans (a `ws` client would refuse to send most of them) and a REST request
// with any method, path, headers, body and framing. Each is bounded: it waits at most `waitMs` for the
// server to answer or close, then destroys its socket.

import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { keyTextArb, renderText, type KeyText } from './key-forms.js';
import {
  closePayload,
  closeReason,
  deepMessageArb,
  encodeFrame,
  endPlanArb,
  messagePlanArb,
  renderMessage,
  type EndPlan,
  type MessagePlan,
} from './ws-frames.js';

export type ClientFramePlan =
  | { readonly kind: 'message'; readonly message: MessagePlan; readonly binary: boolean }
  | { readonly kind: 'setup'; readonly setup: unknown }
  | { readonly kind: 'realtime'; readonly input: unknown }
  | { readonly kind: 'raw'; readonly opcode: number; readonly fin: boolean; readonly declaredLength: number };

export const clientFrameArb: fc.Arbitrary<ClientFramePlan> = fc.oneof(
  fc.record({ kind: fc.constant('message' as const), message: messagePlanArb, binary: fc.boolean() }),
  // Deep nesting is the frame that killed servers: drawn on its own as well, not only as 1 message kind in 10.
  fc.record({ kind: fc.constant('message' as const), message: deepMessageArb, binary: fc.boolean() }),
  fc.record({
    kind: fc.constant('setup' as const),
    setup: fc.oneof(fc.constant({ model: 'models/gemini-3.8-live' }), fc.jsonValue({ maxDepth: 3 })),
  }),
  fc.record({
    kind: fc.constant('realtime' as const),
    input: fc.oneof(
      fc.record({ text: fc.string() }),
      fc.record({ audio: fc.record({ data: fc.oneof(fc.string(), fc.jsonValue()), mimeType: fc.string() }) }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  }),
  fc.record({
    kind: fc.constant('raw' as const),
    opcode: fc.integer({ min: 0, max: 15 }),
    fin: fc.boolean(),
    declaredLength: fc.constantFrom(0, 5, 126, 70_000, 2 ** 31, 2 ** 40),
  }),
);

export const sessionPlanArb = fc.record({
  auth: fc.constantFrom('key', 'none', 'bad-token'),
  path: fc.constantFrom(
    'v1alpha.GenerativeService.BidiGenerateContent',
    'v1beta.GenerativeService.BidiGenerateContentConstrained',
    'v1.GenerativeService.BidiGenerateContent',
  ),
  frames: fc.array(clientFrameArb, { maxLength: 5 }),
  end: endPlanArb,
});
export type SessionPlan = typeof sessionPlanArb extends fc.Arbitrary<infer T> ? T : never;

export const restPlanArb = fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'BREW'),
  path: fc.constantFrom(
    '/v1alpha/auth_tokens',
    '/v1beta/auth_tokens',
    '/emulator/faults',
    '/emulator/tokens',
    '/emulator/reset',
    '/x/../../etc/passwd',
    '/%ff',
  ),
  auth: fc.boolean(),
  headers: fc.array(
    fc.tuple(
      fc.constantFrom('content-type', 'origin', 'x-a', 'authorization'),
      keyTextArb(fc.constantFrom('application/json', 'null', 'Bearer x')),
    ),
    { maxLength: 3 },
  ),
  body: fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })),
    fc.integer({ min: 1, max: 100_000 }).map((depth) => ({ kind: 'deep' as const, depth })),
    keyTextArb().map((text) => ({ kind: 'text' as const, text })),
  ),
  framing: fc.constantFrom('exact', 'huge-length', 'truncated', 'chunked'),
});
export type RestPlan = typeof restPlanArb extends fc.Arbitrary<infer T> ? T : never;

const frameBytes = (plan: ClientFramePlan, key?: string): Buffer => {
  if (plan.kind === 'raw')
    return encodeFrame({
      opcode: plan.opcode,
      fin: plan.fin,
      payload: randomBytes(8),
      masked: true,
      declaredLength: plan.declaredLength,
    });
  const text =
    plan.kind === 'message'
      ? renderMessage(plan.message, key)
      : JSON.stringify(plan.kind === 'setup' ? { setup: plan.setup } : { realtimeInput: plan.input });
  return encodeFrame({
    opcode: plan.kind === 'message' && plan.binary ? 2 : 1,
    payload: Buffer.from(text),
    masked: true,
  });
};

const endBytes = (end: EndPlan, key?: string): Buffer | undefined =>
  end.kind === 'close'
    ? encodeFrame({ opcode: 8, payload: closePayload(end.code, closeReason(end.reason, key)), masked: true })
    : end.kind === 'raw'
      ? encodeFrame({ opcode: end.opcode, payload: Buffer.alloc(4), masked: true, declaredLength: end.declaredLength })
      : undefined;

/**
 * Writes `head`, then (once the server answered something: `answered`) `rest`; resolves when closed
 * or after `waitMs`.
 */
function exchange(
  baseUrl: string,
  head: Buffer,
  rest: Buffer[],
  waitMs: number,
  answered: () => void = () => undefined,
): Promise<void> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      answered();
      resolve();
    });
    socket.once('data', () => {
      rest.forEach((bytes) => socket.write(bytes));
      answered();
    });
    socket.write(head);
  });
}

/** One hostile Live session; it holds its socket open `holdMs` unless the server closes it first. */
export function hostileSession(
  baseUrl: string,
  plan: SessionPlan,
  key: string,
  holdMs = 1_500,
  answered?: () => void,
): Promise<void> {
  const query = plan.auth === 'key' ? `?key=${key}` : plan.auth === 'bad-token' ? '?access_token=auth_tokens/nope' : '';
  const head = Buffer.from(
    `GET /ws/google.ai.generativelanguage.${plan.path}${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const end = endBytes(plan.end, key);
  return exchange(
    baseUrl,
    head,
    [...plan.frames.map((frame) => frameBytes(frame, key)), ...(end ? [end] : [])],
    holdMs,
    answered,
  );
}

export function hostileRest(baseUrl: string, plan: RestPlan, key: string): Promise<void> {
  const body = Buffer.from(
    plan.body.kind === 'json'
      ? JSON.stringify(plan.body.value)
      : plan.body.kind === 'deep'
        ? `${'['.repeat(plan.body.depth)}${']'.repeat(plan.body.depth)}`
        : renderText(plan.body.text as KeyText, key),
  );
  const declared =
    plan.framing === 'huge-length'
      ? 'content-length: 1099511627776'
      : plan.framing === 'chunked'
        ? 'transfer-encoding: chunked'
        : `content-length: ${plan.framing === 'truncated' ? body.length * 2 + 1 : body.length}`;
  const headers = plan.headers.map(([name, value]) => `${name}: ${renderText(value, key).replace(/[\r\n]/g, ' ')}`);
  const head = [
    `${plan.method} ${plan.path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(plan.auth ? [`x-goog-api-key: ${key}`] : []),
    ...headers,
    declared,
    '',
    '',
  ].join('\r\n');
  const payload =
    plan.framing === 'chunked'
      ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
      : body;
  return exchange(baseUrl, Buffer.concat([Buffer.from(head), payload]), [], 1_500);
}

export const batchArb = fc.record({
  sessions: fc.array(sessionPlanArb, { minLength: 1, maxLength: 3 }),
  rest: fc.array(restPlanArb, { maxLength: 2 }),
});
export type Batch = typeof batchArb extends fc.Arbitrary<infer T> ? T : never;

/** Every hostile client of the batch at once. */
export async function sendBatch(baseUrl: string, batch: Batch, key: string): Promise<void> {
  await Promise.all([
    ...batch.sessions.map((plan) => hostileSession(baseUrl, plan, key)),
    ...batch.rest.map((plan) => hostileRest(baseUrl, plan, key)),
  ]);
}
