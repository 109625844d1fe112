// Arbitrary cassettes (for --replay) and scenarios (for --scenario) as small plans. A cassette starts
// with a good recorded session and mint, so the replayer's play reaches the arbitrary lines after
// them; a scenario is a schema-shaped script whose values are anything.

import fc from 'fast-check';
import { MARKER } from './file-contents.js';

export const LIVE_PATH = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent';
export const PROBE_SETUP = { setup: { model: 'models/gemini-3.8-live' } };
export const PROBE_TEXT = { realtimeInput: { text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' } };

const header = fc.tuple(
  fc.constantFrom('content-type', 'retry-after', 'x-a', 'bad name', ''),
  fc.constantFrom('application/json', '1', 'a\r\nb', 'x'.repeat(300), MARKER),
);
const lineValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(MARKER));

export type LinePlan =
  | { readonly kind: 'line'; readonly fields: Record<string, unknown> }
  | { readonly kind: 'deep'; readonly depth: number }
  | { readonly kind: 'garbage'; readonly text: string };

export const linePlanArb: fc.Arbitrary<LinePlan> = fc.oneof(
  fc.record({
    kind: fc.constant('line' as const),
    fields: fc.record(
      {
        t: fc.oneof(fc.nat({ max: 5000 }), fc.constant(-1), fc.constant(1e12)),
        dir: fc.constantFrom('client', 'server', 'up'),
        kind: fc.constantFrom('open', 'frame', 'close', 'refused', 'rest-request', 'rest-response', 'other'),
        code: fc.oneof(
          fc.constantFrom(1000, 1005, 1006, 1011, 4999, 5000, 0, 999),
          fc.integer({ min: -1, max: 70_000 }),
        ),
        reason: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('r'.repeat(200)), fc.constant(MARKER)),
        status: fc.oneof(fc.constantFrom(99, 100, 200, 599, 600, 0), fc.integer()),
        headers: fc.array(header, { maxLength: 3 }).map((pairs) => Object.fromEntries(pairs)),
        json: lineValue,
        text: fc.string({ maxLength: 10 }),
        base64: fc.constantFrom('AAAA', '!!', MARKER),
        binary: fc.boolean(),
        id: fc.oneof(fc.nat({ max: 3 }), fc.string({ maxLength: 3 })),
        body: lineValue,
        path: fc.constantFrom('/v1alpha/auth_tokens', LIVE_PATH, ''),
      },
      { requiredKeys: ['kind'] },
    ),
  }),
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({
    kind: fc.constant('garbage' as const),
    text: fc.string({ maxLength: 20 }).map((text) => MARKER + text.replace(/\n/g, ' ')),
  }),
);

export const cassetteCase = fc.record({
  live: fc.array(linePlanArb, { maxLength: 4 }),
  rest: fc.array(linePlanArb, { maxLength: 3 }),
});
export type CassetteCase = typeof cassetteCase extends fc.Arbitrary<infer T> ? T : never;

const renderLine = (plan: LinePlan): string =>
  plan.kind === 'line'
    ? JSON.stringify(plan.fields)
    : plan.kind === 'deep'
      ? `${'{"json":'.repeat(plan.depth)}1${'}'.repeat(plan.depth)}`
      : plan.text;

/** live-0001.ndjson and rest.ndjson: a good start, then the case's lines. */
export function renderCassettes(value: CassetteCase): Record<string, string> {
  const live = [
    { t: 0, dir: 'client', kind: 'open', path: `${LIVE_PATH}?key=<redacted>`, headers: {} },
    { t: 1, dir: 'client', kind: 'frame', json: PROBE_SETUP },
    { t: 2, dir: 'server', kind: 'frame', json: { setupComplete: {} } },
    { t: 3, dir: 'client', kind: 'frame', json: PROBE_TEXT },
  ].map((line) => JSON.stringify(line));
  const rest = [
    {
      t: 0,
      dir: 'client',
      kind: 'rest-request',
      id: 1,
      method: 'POST',
      path: '/v1alpha/auth_tokens',
      headers: {},
      body: {},
    },
  ].map((line) => JSON.stringify(line));
  return {
    'live-0001.ndjson': [...live, ...value.live.map(renderLine)].join('\n') + '\n',
    'rest.ndjson': [...rest, ...value.rest.map(renderLine)].join('\n') + '\n',
  };
}

const turn = fc.record(
  {
    expect: fc.oneof(
      fc.constant('anything'),
      fc.record({
        text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('/(a+)+$/', '/(a|aa)*b/', '/[/', MARKER)),
      }),
      fc.record({ audioMs: fc.array(fc.integer(), { maxLength: 3 }) }),
      lineValue,
    ),
    model: fc.record(
      {
        reply: fc.oneof(fc.string({ maxLength: 12 }), lineValue),
        toolCall: fc.record(
          { name: fc.oneof(fc.string({ maxLength: 8 }), lineValue), args: lineValue },
          { requiredKeys: [] },
        ),
        interruptAfterMs: fc.oneof(fc.integer({ min: -10, max: 3000 }), lineValue),
        goAwayAfterMs: fc.oneof(fc.integer({ min: -10, max: 3000 }), lineValue),
        firstChunkDelayMs: fc.oneof(fc.integer({ min: -10, max: 3000 }), lineValue),
        close: fc.record(
          {
            code: fc.integer({ min: -1, max: 70_000 }),
            reason: fc.oneof(fc.string({ maxLength: 8 }), fc.constant('r'.repeat(200))),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

export const scenarioCase = fc.record({
  format: fc.constantFrom('json', 'yaml', 'raw'),
  description: fc.oneof(fc.constant(MARKER), lineValue),
  turns: fc.oneof(fc.array(turn, { maxLength: 3 }), lineValue),
  connection: fc.option(
    fc.record(
      { lifetimeMs: fc.integer({ min: -5, max: 5000 }), goAwayLeadMs: fc.integer({ min: -5, max: 5000 }) },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
  deep: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
});
export type ScenarioCase = typeof scenarioCase extends fc.Arbitrary<infer T> ? T : never;

/** The scenario file's name and text: JSON, YAML (flow style is YAML too), or arbitrary text. */
export function renderScenario(value: ScenarioCase): { name: string; text: string } {
  const body = {
    description: value.description,
    turns: value.turns,
    ...(value.connection ? { connection: value.connection } : {}),
  };
  if (value.deep !== undefined)
    return {
      name: 'deep.yaml',
      text: `${'- '.repeat(Math.min(value.deep, 5000))}${MARKER}\n${'['.repeat(value.deep)}`,
    };
  if (value.format === 'raw') return { name: 'scenario.txt', text: `${MARKER}: [${JSON.stringify(body).slice(0, 40)}` };
  return { name: `scenario.${value.format}`, text: JSON.stringify(body) };
}
