// Arbitrary WebSocket frames as small plans: Live messages with the key in odd places, deep JSON,
// wrong types, garbage, and raw frames (any opcode, a huge declared payload length, close codes and
// reasons RFC 6455 forbids). `encodeFrame` writes one frame as bytes (masked from a client, bare from
// a server), so a test can put on the wire what a `ws` peer would refuse to send.

import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { keyTextArb, renderText, type KeyText } from './key-forms.js';

export type MessagePlan =
  | {
      readonly kind: 'transcript';
      readonly text: KeyText;
      readonly where: 'outputTranscription' | 'inputTranscription' | 'text-part';
    }
  | { readonly kind: 'toolCall'; readonly name: KeyText; readonly args: unknown; readonly calls: number }
  | { readonly kind: 'goAway'; readonly timeLeft: KeyText }
  | { readonly kind: 'resumption'; readonly handle: KeyText }
  | { readonly kind: 'turnComplete' }
  | { readonly kind: 'setupComplete' }
  | { readonly kind: 'audio'; readonly kilobytes: number }
  | { readonly kind: 'wrong-type'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'deep'; readonly depth: number; readonly open: 'object' | 'array' }
  | { readonly kind: 'garbage'; readonly text: KeyText };

export interface FramePlan {
  readonly message: MessagePlan;
  readonly binary: boolean;
}

/** How the peer ends: a close frame (any code, any reason), a cut TCP connection, or a raw frame. */
export type EndPlan =
  | { readonly kind: 'close'; readonly code: number; readonly reason: KeyText }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'raw'; readonly opcode: number; readonly declaredLength: number };

const FIELDS = [
  'serverContent',
  'setupComplete',
  'toolCall',
  'goAway',
  'sessionResumptionUpdate',
  'usageMetadata',
  'toolCallCancellation',
];

export const deepMessageArb: fc.Arbitrary<MessagePlan> = fc.record({
  kind: fc.constant('deep' as const),
  depth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 10_000, max: 100_000 })),
  open: fc.constantFrom('object', 'array'),
});

export const messagePlanArb: fc.Arbitrary<MessagePlan> = fc.oneof(
  fc.record({
    kind: fc.constant('transcript' as const),
    text: keyTextArb(),
    where: fc.constantFrom('outputTranscription', 'inputTranscription', 'text-part'),
  }),
  fc.record({
    kind: fc.constant('toolCall' as const),
    name: keyTextArb(fc.constantFrom('get_time', '../../etc/passwd', '-c', '\u001b[2J')),
    args: fc.jsonValue({ maxDepth: 2 }),
    calls: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({ kind: fc.constant('goAway' as const), timeLeft: keyTextArb(fc.constantFrom('1s', '0s', '-5s', 'soon')) }),
  fc.record({ kind: fc.constant('resumption' as const), handle: keyTextArb() }),
  fc.constant({ kind: 'turnComplete' as const }),
  fc.constant({ kind: 'setupComplete' as const }),
  fc.record({ kind: fc.constant('audio' as const), kilobytes: fc.integer({ min: 0, max: 512 }) }),
  fc.record({
    kind: fc.constant('wrong-type' as const),
    field: fc.constantFrom(...FIELDS),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  deepMessageArb,
  fc.record({ kind: fc.constant('garbage' as const), text: keyTextArb(fc.string({ unit: 'binary', maxLength: 16 })) }),
);

export const framePlanArb: fc.Arbitrary<FramePlan> = fc.record({ message: messagePlanArb, binary: fc.boolean() });

export const endPlanArb: fc.Arbitrary<EndPlan> = fc.oneof(
  fc.record({
    kind: fc.constant('close' as const),
    code: fc.oneof(fc.constantFrom(1000, 1001, 1007, 1008, 1011, 4000), fc.integer({ min: 0, max: 65_535 })),
    reason: keyTextArb(),
  }),
  fc.constant({ kind: 'terminate' as const }),
  fc.record({
    kind: fc.constant('raw' as const),
    opcode: fc.integer({ min: 0, max: 15 }),
    declaredLength: fc.constantFrom(0, 126, 70_000, 2 ** 32, 2 ** 40),
  }),
);

/** The text (or bytes) of one message plan; `key` is the secret its key forms are made of. */
export function renderMessage(plan: MessagePlan, key?: string): string {
  switch (plan.kind) {
    case 'transcript': {
      const text = renderText(plan.text, key);
      if (plan.where === 'text-part') return JSON.stringify({ serverContent: { modelTurn: { parts: [{ text }] } } });
      return JSON.stringify({ serverContent: { [plan.where]: { text } } });
    }
    case 'toolCall':
      return JSON.stringify({
        toolCall: {
          functionCalls: Array.from({ length: plan.calls }, (_v, i) => ({
            id: `call-${i}`,
            name: renderText(plan.name, key),
            args: plan.args,
          })),
        },
      });
    case 'goAway':
      return JSON.stringify({ goAway: { timeLeft: renderText(plan.timeLeft, key) } });
    case 'resumption':
      return JSON.stringify({ sessionResumptionUpdate: { newHandle: renderText(plan.handle, key), resumable: true } });
    case 'turnComplete':
      return JSON.stringify({ serverContent: { turnComplete: true } });
    case 'setupComplete':
      return JSON.stringify({ setupComplete: {} });
    case 'audio':
      return JSON.stringify({
        serverContent: {
          modelTurn: {
            parts: [
              {
                inlineData: {
                  mimeType: 'audio/pcm;rate=24000',
                  data: Buffer.alloc(plan.kilobytes * 1024).toString('base64'),
                },
              },
            ],
          },
        },
      });
    case 'wrong-type':
      return JSON.stringify({ [plan.field]: plan.value });
    case 'deep':
      // A JSON array nests in 2 bytes a level: 50,000 levels in a 100 KB frame, under any frame cap.
      return plan.open === 'array'
        ? `{"serverContent":${'['.repeat(plan.depth)}${']'.repeat(plan.depth)}}`
        : `${'{"a":'.repeat(plan.depth)}{}${'}'.repeat(plan.depth)}`;
    case 'garbage':
      return renderText(plan.text, key);
  }
}

/** A close reason as the plan says, cut to the 123 bytes a close frame can carry. */
export const closeReason = (reason: KeyText, key?: string): string =>
  Buffer.from(renderText(reason, key)).subarray(0, 123).toString('utf8');

/**
 * One frame's bytes. `declaredLength` claims a payload length other than the real one (a huge
 * declaration followed by little or nothing). Client frames are masked, as RFC 6455 requires.
 */
export function encodeFrame(frame: {
  opcode: number;
  payload: Buffer;
  fin?: boolean;
  masked: boolean;
  declaredLength?: number;
}): Buffer {
  const length = frame.declaredLength ?? frame.payload.length;
  const first = ((frame.fin ?? true) ? 0x80 : 0) | (frame.opcode & 0x0f);
  const maskBit = frame.masked ? 0x80 : 0;
  let head: Buffer;
  if (length < 126) head = Buffer.from([first, maskBit | length]);
  else if (length < 65_536) {
    head = Buffer.alloc(4);
    head.writeUInt16BE(length, 2);
    head[1] = maskBit | 126;
  } else {
    head = Buffer.alloc(10);
    head.writeBigUInt64BE(BigInt(length), 2);
    head[1] = maskBit | 127;
  }
  head[0] = first;
  if (!frame.masked) return Buffer.concat([head, frame.payload]);
  const mask = randomBytes(4);
  const payload = Buffer.from(frame.payload);
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return Buffer.concat([head, mask, payload]);
}

/** A close frame's payload: any 16-bit code and any reason bytes, legal or not. */
export const closePayload = (code: number, reason: string): Buffer =>
  Buffer.concat([Buffer.from([(code >> 8) & 0xff, code & 0xff]), Buffer.from(reason)]);
