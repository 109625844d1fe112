// Arbitrary contents for the files a user names (flags, cassettes, scenarios), as small plans. Every
// content carries MARKER (at its start, or as a value inside its structure: never as a key, since an
// error may name an unknown key's path), so a check can tell an error that quotes the file from one
// that names only the file and a position.

import fc from 'fast-check';

export const MARKER = 'QZX7MARK';

export type ContentPlan =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'deep'; readonly depth: number; readonly open: 'object' | 'array' | 'schema' }
  | { readonly kind: 'config'; readonly config: Record<string, unknown> }
  | { readonly kind: 'tools'; readonly tools: unknown[] }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'large'; readonly kilobytes: number }
  | { readonly kind: 'empty' };

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(MARKER),
  fc.constant(`${MARKER}\u001b[2J\r\nline`),
);

export const contentPlanArb: fc.Arbitrary<ContentPlan> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({
    kind: fc.constant('deep' as const),
    depth: fc.integer({ min: 1, max: 100_000 }),
    open: fc.constantFrom('object', 'array', 'schema'),
  }),
  fc.record({
    kind: fc.constant('config' as const),
    config: fc.dictionary(
      fc.constantFrom(
        'responseModalities',
        'speechConfig',
        'systemInstruction',
        'temperature',
        'tools',
        'sessionResumption',
        'generationConfig',
        'unknownKey',
      ),
      anyValue,
      { maxKeys: 4 },
    ),
  }),
  fc.record({
    kind: fc.constant('tools' as const),
    tools: fc.array(
      fc.oneof(
        fc.record(
          { name: fc.oneof(fc.constant('get_time'), anyValue), description: anyValue, parameters: anyValue },
          { requiredKeys: ['name'] },
        ),
        anyValue,
      ),
      { maxLength: 3 },
    ),
  }),
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('large' as const), kilobytes: fc.constantFrom(1000, 1025, 1100, 2048) }),
  fc.constant({ kind: 'empty' as const }),
);

const DEEP_OPEN = {
  object: ['{"a":', '}'],
  array: ['[', ']'],
  schema: ['{"type":"object","properties":{"a":', '}}'],
} as const;

/** The bytes a plan describes; MARKER is in every non-empty one. */
export function renderContent(plan: ContentPlan): Buffer {
  switch (plan.kind) {
    case 'bytes':
      return Buffer.concat([Buffer.from(MARKER), plan.bytes]);
    case 'json':
      return Buffer.from(JSON.stringify({ value: plan.value, marker: MARKER }));
    case 'deep': {
      const [open, close] = DEEP_OPEN[plan.open];
      const inner = `${open.repeat(plan.depth)}"${MARKER}"${close.repeat(plan.depth)}`;
      return Buffer.from(plan.open === 'schema' ? `[{"name":"f","parameters":${inner}}]` : inner);
    }
    case 'config':
      return Buffer.from(JSON.stringify(plan.config));
    case 'tools':
      return Buffer.from(JSON.stringify([...plan.tools, { name: MARKER }]));
    case 'text':
      return Buffer.from(MARKER + plan.text);
    case 'large':
      return Buffer.concat([Buffer.from(MARKER), Buffer.alloc(plan.kilobytes * 1024, 0x61)]);
    case 'empty':
      return Buffer.alloc(0);
  }
}

/** A WAV header with arbitrary fields before arbitrary data (a `talk --input` file). */
export const wavPlanArb = fc.record({
  riff: fc.constantFrom('RIFF', 'RIFX', MARKER.slice(0, 4)),
  format: fc.integer({ min: 0, max: 65_535 }),
  channels: fc.integer({ min: 0, max: 65_535 }),
  rate: fc.oneof(fc.constantFrom(16_000, 24_000, 44_100, 0), fc.nat()),
  bits: fc.constantFrom(0, 8, 16, 24, 32, 7),
  dataSize: fc.oneof(fc.constant(0xffffffff), fc.nat({ max: 64_000 })),
  data: fc.uint8Array({ maxLength: 256 }),
});
export type WavPlan = typeof wavPlanArb extends fc.Arbitrary<infer T> ? T : never;

export function renderWav(plan: WavPlan): Buffer {
  const head = Buffer.alloc(44);
  head.write(plan.riff, 0, 'latin1');
  head.writeUInt32LE(36 + plan.data.length, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(plan.format, 20);
  head.writeUInt16LE(plan.channels, 22);
  head.writeUInt32LE(plan.rate >>> 0, 24);
  head.writeUInt32LE((plan.rate * Math.max(1, plan.channels) * Math.max(1, plan.bits / 8)) >>> 0, 28);
  head.writeUInt16LE(((Math.max(1, plan.channels) * plan.bits) / 8) & 0xffff, 32);
  head.writeUInt16LE(plan.bits, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(plan.dataSize >>> 0, 40);
  return Buffer.concat([head, plan.data, Buffer.from(MARKER)]);
}
