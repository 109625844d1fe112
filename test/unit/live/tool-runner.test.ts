// The gate every function call passes (src/live/session/tool-runner.ts), generated: arbitrary
// batches of calls — declared names, hostile ones (`../../etc/passwd`, `-c`, escapes, case
// variants), repeated ids — interleaved with answers, cancellations and the session's end. Seeded
// (a failure prints the seed; FC_SEED=<n> replays it). Properties: never more than 8 handlers at
// once; an undeclared name never reaches a handler and is answered {"error":"unknown function"};
// handlers start in arrival order; every call is answered at most once, and exactly once unless
// cancelled or the session ended first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/live/session/tool-outcome.js';
import {
  declaredFunctionNames,
  MAX_QUEUED,
  MAX_RUNNING,
  ToolRunner,
  type ToolHandler,
} from '../../../src/live/session/tool-runner.js';

const SEED = Number(process.env.FC_SEED ?? 19);
const DECLARED = ['get_time', 'get_weather', 'book'];
const HOSTILE = [
  '../../etc/passwd',
  '-c',
  '',
  'get_time\u001b]0;x\u0007',
  'GET_TIME',
  ' get_time',
  '__proto__',
  'constructor',
];

type Step =
  | { readonly kind: 'batch'; readonly calls: readonly { id: string; name: string }[] }
  | { readonly kind: 'answer'; readonly pick: number }
  | { readonly kind: 'cancel'; readonly id: string }
  | { readonly kind: 'end' };

const id = fc.integer({ min: 0, max: 60 }).map((n) => `c${n}`);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .array(fc.record({ id, name: fc.constantFrom(...DECLARED, ...HOSTILE) }), { maxLength: 30 })
      .map((calls) => ({ kind: 'batch' as const, calls })),
  },
  { weight: 40, arbitrary: fc.nat(100).map((pick) => ({ kind: 'answer' as const, pick })) },
  { weight: 10, arbitrary: id.map((i) => ({ kind: 'cancel' as const, id: i })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'end' as const }) },
);

describe('ToolRunner (generated)', () => {
  it('at most 8 at once, FIFO, undeclared names never run, each call answered at most once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const live = new Map<string, (o: ToolOutcome) => void>();
        const started: { id: string; name: string }[] = [];
        const delivered: { id: string; outcome: ToolOutcome }[] = [];
        let peak = 0;
        const handler: ToolHandler = (call) => {
          expect(DECLARED).toContain(call.name);
          started.push({ id: call.id, name: call.name });
          let answer!: (o: ToolOutcome) => void;
          const result = new Promise<ToolOutcome>((resolve) => (answer = resolve));
          live.set(call.id, answer);
          peak = Math.max(peak, live.size);
          return { result, cancel: () => live.get(call.id)?.({ response: { error: 'cancelled' }, error: true }) };
        };
        const runner = new ToolRunner(handler, (i, outcome) => delivered.push({ id: i, outcome }), {
          declared: declaredFunctionNames([{ functionDeclarations: DECLARED.map((name) => ({ name })) }]),
        });
        const accepted: string[] = [];
        const seen = new Set<string>();
        for (const s of steps) {
          if (s.kind === 'batch') {
            for (const call of s.calls) {
              // ToolCalls (the machine) drops an id it has seen: the runner gets each id once.
              if (seen.has(call.id)) continue;
              seen.add(call.id);
              runner.start({ ...call, args: {} });
              if (DECLARED.includes(call.name)) accepted.push(call.id);
              else
                expect(delivered.at(-1)).toEqual({
                  id: call.id,
                  outcome: { response: { error: 'unknown function' }, error: true },
                });
            }
          } else if (s.kind === 'answer' && live.size > 0) {
            const ids = [...live.keys()];
            const chosen = ids[s.pick % ids.length]!;
            const answer = live.get(chosen)!;
            live.delete(chosen);
            answer({ response: { ok: chosen } });
          } else if (s.kind === 'cancel') {
            live.delete(s.id);
            runner.cancel(s.id);
          } else if (s.kind === 'end') {
            live.clear();
            runner.stopAll();
          }
          await Promise.resolve();
          await Promise.resolve();
          expect(runner.running).toBeLessThanOrEqual(MAX_RUNNING);
          expect(peak).toBeLessThanOrEqual(MAX_RUNNING);
        }
        // Started in the order they arrived (a subsequence of the accepted order).
        const order = started.map((c) => accepted.indexOf(c.id));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        const counts = new Map<string, number>();
        for (const d of delivered) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('ToolRunner (examples)', () => {
  it('2,000 calls in one batch: 8 handlers start, the rest wait; each answer starts the next', async () => {
    const answers: ((o: ToolOutcome) => void)[] = [];
    const handler: ToolHandler = () => ({
      result: new Promise((resolve) => answers.push(resolve)),
      cancel: () => undefined,
    });
    const delivered: string[] = [];
    const runner = new ToolRunner(handler, (i) => delivered.push(i), { declared: new Set(['f']) });
    for (let i = 0; i < 2000; i++) runner.start({ id: `c${i}`, name: 'f', args: {} });
    expect(answers).toHaveLength(8);
    for (let i = 0; i < 2000; i++) {
      answers[i]!({ response: {} });
      await Promise.resolve();
      await Promise.resolve();
    }
    expect(answers).toHaveLength(2000);
    expect(delivered).toEqual(Array.from({ length: 2000 }, (_, i) => `c${i}`));
  });

  it('past 10,000 waiting calls, a call is answered at once and nothing runs for it', () => {
    let started = 0;
    const delivered: { id: string; outcome: ToolOutcome }[] = [];
    const runner = new ToolRunner(
      () => (started++, { result: new Promise<ToolOutcome>(() => undefined), cancel: () => undefined }),
      (i, outcome) => delivered.push({ id: i, outcome }),
      { declared: new Set(['f']) },
    );
    for (let i = 0; i < MAX_RUNNING + MAX_QUEUED + 2; i++) runner.start({ id: `c${i}`, name: 'f', args: {} });
    expect(started).toBe(MAX_RUNNING);
    expect(delivered.map((d) => d.id)).toEqual([`c${MAX_RUNNING + MAX_QUEUED}`, `c${MAX_RUNNING + MAX_QUEUED + 1}`]);
    expect(delivered[0]!.outcome).toEqual({ response: { error: 'too many calls waiting for a handler' }, error: true });
  });

  it("declared names: every functionDeclarations entry of the setup's tools, nothing else", () => {
    expect([
      ...declaredFunctionNames([
        { functionDeclarations: [{ name: 'a' }, { name: 'b' }] },
        { googleSearch: {} },
        { functionDeclarations: [{ name: 'c' }, { nom: 'd' }] },
        null,
        'x',
      ]),
    ]).toEqual(['a', 'b', 'c']);
    expect(declaredFunctionNames(undefined).size).toBe(0);
  });
});
