// parse/yaml.ts: YAML from outside, depth-checked while the package parses it (its open collections
// counted lexeme by lexeme) before anything recursive runs; aliases capped; a typed, positioned result that quotes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/parse/yaml.js';

/** Seeded: a failure prints the seed and the shrunk case; FC_SEED replays another run. */
const RUNS = { seed: Number(process.env['FC_SEED'] ?? 19), numRuns: 200 };
const LIMITS = { maxDepth: 20, maxBytes: 1 << 20, maxAliases: 100 };

/** `n` levels of one kind of nesting around the scalar 1. */
const NESTINGS: Record<string, (n: number) => string> = {
  'flow sequences': (n) => `${'['.repeat(n)}1${']'.repeat(n)}`,
  'flow maps': (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
  'compact block sequences': (n) => `${'- '.repeat(n)}1`,
  'indented block maps': (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1',
  'a block sequence of flow maps': (n) => `- ${'{a: '.repeat(n - 1)}1${'}'.repeat(n - 1)}`,
};

describe('parseYaml', () => {
  it('gives the plain value JSON would', async () => {
    expect(await parseYaml('turns:\n  - expect: anything\n    model: {reply: "hi", n: 1, ok: yes}\n', LIMITS)).toEqual({
      ok: true,
      value: { turns: [{ expect: 'anything', model: { reply: 'hi', n: 1, ok: 'yes' } }] },
    });
  });

  it.each(Object.entries(NESTINGS))(
    '%s: the bound holds exactly, and 50,000 levels is refused without a stack overflow',
    async (_name, nest) => {
      expect((await parseYaml(nest(LIMITS.maxDepth), LIMITS)).ok).toBe(true);
      expect(await parseYaml(nest(LIMITS.maxDepth + 1), LIMITS)).toMatchObject({
        ok: false,
        problem: { kind: 'depth' },
      });
      const huge = nest(_name === 'indented block maps' ? 3_000 : 50_000);
      expect(await parseYaml(huge, { ...LIMITS, maxBytes: 1 << 24 })).toMatchObject({
        ok: false,
        problem: {
          kind: 'depth',
          message: expect.stringMatching(/^nested deeper than 20 levels at line \d+, column \d+$/),
        },
      });
    },
  );

  it('a deep block closed at once by a line back at column 1 is refused before the parser unwinds it (it overflowed the stack)', async () => {
    // The property suite's file had 2,125 levels (enough on the CLI's stack); a test worker's stack is larger.
    const text = `${'- '.repeat(20_000)}QZX7MARK\n${'['.repeat(2125)}`;
    expect(await parseYaml(text, { ...LIMITS, maxDepth: 100 })).toMatchObject({
      ok: false,
      problem: { kind: 'depth', line: 1, column: 201 },
    });
  });

  it.each([
    ['a duplicate key', 'a: 1\na: 2\n', { kind: 'syntax', line: 2, column: 1, detail: 'Map keys must be unique' }],
    [
      'an alias with no anchor',
      'a: *secretname\n',
      { kind: 'syntax', line: 1, column: 4, detail: 'an alias names no anchor above it' },
    ],
    ['an alias that contains itself', 'a: &x [*x]\n', { ok: false }],
    ['a bad escape (the package would quote it)', 'a: "\\qsecret"\n', { kind: 'syntax', detail: 'bad dq escape' }],
    [
      'an alias bomb',
      `a: &a [${Array(10).fill('x').join(',')}]\n${'bcdefg'
        .split('')
        .map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`)
        .join('\n')}\n`,
      { kind: 'syntax', detail: expect.stringContaining('alias') },
    ],
    ['too large', 'a: 1\n'.repeat(10), { kind: 'size' }],
  ])('%s is a positioned problem that quotes nothing', async (_name, text, problem) => {
    const got = await parseYaml(text, { ...LIMITS, maxBytes: 40 + (text.length > 50 ? 1_000 : 0) });
    expect(got.ok).toBe(false);
    if (!got.ok && !('ok' in problem)) expect(got.problem).toMatchObject(problem);
    expect(JSON.stringify(got)).not.toMatch(/secret/);
  });

  it('generated: YAML-ish token soup always gets a typed answer, never a throw, and a refusal quotes nothing', async () => {
    const token = fc.constantFrom(
      '- ',
      '[',
      ']',
      '{',
      '}',
      ': ',
      ', ',
      'a',
      'secret',
      '\n',
      '  ',
      '&x ',
      '*x',
      '"',
      "'",
      '\\',
      '#',
      '? ',
      '|',
      '>',
      '!tag ',
      '%YAML',
      '---',
      '...',
      '\t',
      '@',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 60 }), async (tokens) => {
        const got = await parseYaml(tokens.join(''), LIMITS);
        if (!got.ok) expect(got.problem.detail).not.toContain('secret');
      }),
      RUNS,
    );
  });

  it('generated: mixed nestings are refused exactly past the bound', async () => {
    const kinds = Object.values(NESTINGS);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: kinds.length - 1 }),
        fc.integer({ min: 1, max: 60 }),
        async (kind, n) => {
          expect((await parseYaml(kinds[kind]!(n), LIMITS)).ok).toBe(n <= LIMITS.maxDepth);
        },
      ),
      RUNS,
    );
  });
});
