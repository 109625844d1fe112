// Generated: every nesting form YAML has, mixed at random, 1 to 20,000 levels deep (nesting-text.ts).
// parseYaml never throws and never overflows the stack: past the limit it is a depth problem, at or
// below it the value the text means. The same for parseJson. Before the depth-safe parser, a deep block
// closed at once by a line back at a lower indentation overflowed the YAML package's parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../src/parse/json.js';
import { MAX_YAML_DEPTH, parseYaml } from '../../../src/parse/yaml.js';
import { nestingPlan, renderNesting } from './nesting-text.js';

/** Seeded: a failure prints the seed and the shrunk case; FC_SEED replays another run. */
const RUNS = { seed: Number(process.env['FC_SEED'] ?? 19), numRuns: 150 };
const DEEPEST = 20_000;

/** A limit, and a plan either near it (both sides of the bound) or anywhere up to 20,000 levels. */
const cases = fc.integer({ min: 1, max: 120 }).chain((limit) =>
  fc.tuple(
    fc.constant(limit),
    fc.oneof(
      nestingPlan(DEEPEST),
      fc
        .integer({ min: Math.max(1, limit - 2), max: limit + 2 })
        .chain((depth) => nestingPlan(DEEPEST).map((plan) => ({ ...plan, depth }))),
    ),
  ),
);

describe('nesting of every form', () => {
  it('generated YAML: a depth problem past the limit, the value at or below it; never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ([limit, plan]) => {
        const { text, value, depth, written, documents } = renderNesting(plan);
        const got = await parseYaml(text, { maxDepth: limit, maxBytes: 1 << 26, maxAliases: 100 });
        // A second document is refused before its aliases are expanded.
        if (written > limit || (depth > limit && documents === 1))
          expect(got).toMatchObject({ ok: false, problem: { kind: 'depth' } });
        else if (documents > 1)
          expect(got).toMatchObject({ ok: false, problem: { kind: 'syntax', detail: 'more than one document' } });
        else expect(got).toEqual({ ok: true, value });
      }),
      RUNS,
    );
  });

  it('generated: collections as explicit keys `? ? [x]`, closed at once by a line back at column 1, are measured too', async () => {
    const level = fc.constantFrom('? ', '- ', '[', '{k: ');
    await fc.assert(
      fc.asyncProperty(cases, fc.array(level, { minLength: 1, maxLength: 6 }), async ([limit, plan], pattern) => {
        const forms = Array.from({ length: plan.depth }, (_, i) => pattern[i % pattern.length]!);
        const flowAt = forms.findIndex((form) => form === '[' || form === '{k: ');
        const block = flowAt === -1 ? forms : forms.slice(0, flowAt);
        const flow =
          flowAt === -1 ? [] : forms.slice(flowAt).map((form) => (form === '? ' || form === '- ' ? '[' : form));
        const closers = flow
          .map((form) => (form === '[' ? ']' : '}'))
          .reverse()
          .join('');
        const after = block[0] === '? ' ? '\n: v' : block[0] === '- ' ? '\n- v' : '';
        const got = await parseYaml(`${block.join('')}${flow.join('')}x${closers}${after}\n`, {
          maxDepth: limit,
          maxBytes: 1 << 26,
          maxAliases: 100,
        });
        if (plan.depth > limit) expect(got).toMatchObject({ ok: false, problem: { kind: 'depth' } });
        else expect(got).toMatchObject({ ok: true });
      }),
      RUNS,
    );
  });

  it('a limit past what the YAML package can recurse is held at MAX_YAML_DEPTH', async () => {
    const got = await parseYaml(`${'- '.repeat(20_000)}x\n[a]\n`, {
      maxDepth: 1_000_000,
      maxBytes: 1 << 26,
      maxAliases: 100,
    });
    expect(got).toMatchObject({
      ok: false,
      problem: { kind: 'depth', detail: `nested deeper than ${MAX_YAML_DEPTH} levels` },
    });
  });

  it('generated JSON: a depth problem past the limit, the value at or below it; never a throw', async () => {
    await fc.assert(
      fc.property(cases, ([limit, plan]) => {
        const { text, value, depth } = renderNesting(plan, true);
        const got = parseJson(text, { maxDepth: limit });
        if (depth > limit) expect(got).toMatchObject({ ok: false, problem: { kind: 'depth' } });
        else expect(got).toEqual({ ok: true, value });
      }),
      RUNS,
    );
  });
});
