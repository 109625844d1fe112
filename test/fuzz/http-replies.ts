// Arbitrary HTTP replies as small plans (so a shrunk counterexample stays readable): a status, headers,
// a body (JSON with the key in odd places, deep nesting, plain text, a large body) and how it is
// framed on the wire (exact, a huge declared Content-Length, cut short, chunked, trickled slowly).
// `writeReply` puts the plan on the raw socket, so headers and framing can be anything a peer sends.

import type { Socket } from 'node:net';
import fc from 'fast-check';
import { keyTextArb, renderText, type KeyText } from './key-forms.js';

export type BodyPlan =
  | { readonly kind: 'token'; readonly name: KeyText; readonly expireTime: KeyText; readonly extra: unknown }
  | {
      readonly kind: 'error';
      readonly code: number;
      readonly status: KeyText;
      readonly message: KeyText;
      readonly reason: KeyText;
    }
  | { readonly kind: 'json'; readonly value: unknown; readonly key: KeyText }
  | { readonly kind: 'deep'; readonly depth: number; readonly key: KeyText }
  | { readonly kind: 'text'; readonly text: KeyText }
  | { readonly kind: 'large'; readonly megabytes: number };

export interface ReplyPlan {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, KeyText]>;
  readonly body: BodyPlan;
  readonly framing: 'exact' | 'huge-length' | 'truncated' | 'chunked' | 'slow' | 'no-length';
}

const VALID_NAME = `auth_tokens/${'0123456789abcdef'.repeat(4)}`;
const time = fc.constantFrom('2099-01-01T00:00:00Z', '2000-01-01T00:00:00Z', 'tomorrow', '');
const nameText = fc.oneof(
  fc.constant<KeyText>([VALID_NAME]),
  keyTextArb(fc.constantFrom('auth_tokens/', 'x', VALID_NAME)),
);

export const bodyPlanArb: fc.Arbitrary<BodyPlan> = fc.oneof(
  fc.record({
    kind: fc.constant('token' as const),
    name: nameText,
    expireTime: fc.oneof(
      time.map((t) => [t]),
      keyTextArb(),
    ),
    extra: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({
    kind: fc.constant('error' as const),
    code: fc.integer({ min: 100, max: 599 }),
    status: keyTextArb(fc.constantFrom('INVALID_ARGUMENT', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'UNAVAILABLE')),
    message: keyTextArb(),
    reason: keyTextArb(),
  }),
  fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 3 }), key: keyTextArb() }),
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 1, max: 100_000 }), key: keyTextArb() }),
  fc.record({ kind: fc.constant('text' as const), text: keyTextArb(fc.string({ unit: 'binary', maxLength: 20 })) }),
  fc.record({ kind: fc.constant('large' as const), megabytes: fc.integer({ min: 1, max: 8 }) }),
);

const headerName = fc.constantFrom(
  'content-type',
  'www-authenticate',
  'retry-after',
  'x-error',
  'location',
  'set-cookie',
  'x-goog-api-key',
);

export const replyPlanArb: fc.Arbitrary<ReplyPlan> = fc.record({
  status: fc.oneof(fc.constantFrom(200, 400, 401, 403, 404, 429, 500, 503), fc.integer({ min: 100, max: 599 })),
  headers: fc.array(
    fc.tuple(headerName, keyTextArb(fc.constantFrom('application/json', 'text/plain', '1', '999999999', 'Bearer'))),
    { maxLength: 4 },
  ),
  body: bodyPlanArb,
  framing: fc.constantFrom('exact', 'exact', 'huge-length', 'truncated', 'chunked', 'slow', 'no-length'),
});

/** The body a plan describes; `key` is the secret its key forms are made of. */
export function renderBody(body: BodyPlan, key?: string): Buffer {
  switch (body.kind) {
    case 'token':
      return Buffer.from(
        JSON.stringify({
          name: renderText(body.name, key),
          expireTime: renderText(body.expireTime, key),
          newSessionExpireTime: '2099-01-01T00:00:00Z',
          extra: body.extra,
        }),
      );
    case 'error':
      return Buffer.from(
        JSON.stringify({
          error: {
            code: body.code,
            status: renderText(body.status, key),
            message: renderText(body.message, key),
            details: [{ reason: renderText(body.reason, key) }],
          },
        }),
      );
    case 'json':
      return Buffer.from(
        JSON.stringify({
          error: { message: renderText(body.key, key) },
          [renderText(body.key, key)]: body.value,
          name: body.value,
        }),
      );
    case 'deep':
      return Buffer.from(
        `${'{"error":'.repeat(body.depth)}${JSON.stringify(renderText(body.key, key))}${'}'.repeat(body.depth)}`,
      );
    case 'text':
      return Buffer.from(renderText(body.text, key), 'latin1');
    case 'large':
      return Buffer.alloc(body.megabytes * 1024 * 1024, 0x61);
  }
}

const STATUS_TEXT = 'Hostile';

/**
 * Writes the plan's reply on `socket` (a request's socket, taken over from node:http). Returns once
 * everything is written; the `slow` framing trickles at most 5 pieces, 100 ms apart. 'huge-length'
 * and 'truncated' leave the socket open or cut it, as a broken peer would.
 */
export async function writeReply(socket: Socket, plan: ReplyPlan, key?: string): Promise<void> {
  const body = renderBody(plan.body, key);
  const headers = plan.headers.map(([name, value]) => `${name}: ${renderText(value, key).replace(/[\r\n]/g, ' ')}`);
  const length =
    plan.framing === 'huge-length'
      ? ['content-length: 1099511627776']
      : plan.framing === 'chunked'
        ? ['transfer-encoding: chunked']
        : plan.framing === 'no-length'
          ? []
          : [`content-length: ${body.length}`];
  const head = [`HTTP/1.1 ${plan.status} ${STATUS_TEXT}`, 'connection: close', ...headers, ...length, '', ''].join(
    '\r\n',
  );
  if (socket.destroyed) return;
  socket.write(head);
  if (plan.framing === 'chunked') {
    socket.end(Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]));
  } else if (plan.framing === 'truncated') {
    socket.write(body.subarray(0, Math.floor(body.length / 2)));
    socket.destroy();
  } else if (plan.framing === 'slow') {
    const step = Math.ceil(body.length / 5) || 1;
    for (let at = 0; at < body.length && !socket.destroyed; at += step) {
      socket.write(body.subarray(at, at + step));
      // Deliberate pacing, not a wait before an assertion: this is the hostile server dribbling its body.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    socket.end();
  } else if (plan.framing === 'huge-length') {
    // Promises far more than it sends, and keeps the connection open: the client's own timeout ends it.
    socket.write(body);
  } else {
    socket.end(body);
  }
}
