// parse/json.ts: the one parser for JSON from outside. Size and depth are checked without
// recursion before JSON.parse; the result is typed; a problem names a position, never the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depthExceededAt, MAX_JSON_DEPTH, parseJson } from '../../../src/parse/json.js';
import { valueDepth } from '../../../src/parse/value-depth.js';

/** Seeded: a failure prints the seed and the shrunk case; FC_SEED replays another run. */
const RUNS = { seed: Number(process.env['FC_SEED'] ?? 19), numRuns: 400 };
/** The only shapes a problem's message takes: words and numbers of ours, nothing of the text. */
const MESSAGE =
  /^(not valid JSON|nested deeper than \d+ levels) at (line \d+, column \d+|the end \(it stops early\))$|^larger than \d+ bytes$/;

/** What parseJson must answer, by another route: JSON.parse, then the depth of the value. */
function oracle(
  text: string,
  maxDepth: number,
): { ok: true; value: unknown } | { ok: false; kind: 'syntax' | 'depth' } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Too deep and broken: the depth is found first (the scan runs before the parse).
    return { ok: false, kind: depthExceededAt(text, maxDepth) === -1 ? 'syntax' : 'depth' };
  }
  return valueDepth(value, maxDepth) > maxDepth ? { ok: false, kind: 'depth' } : { ok: true, value };
}

function agrees(text: string, maxDepth: number): void {
  const got = parseJson(text, { maxDepth });
  const want = oracle(text, maxDepth);
  if (want.ok) expect(got).toEqual({ ok: true, value: want.value });
  else {
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.problem.kind).toBe(want.kind);
      expect(got.problem.message).toMatch(MESSAGE);
    }
  }
}

describe('parseJson', () => {
  it.each([
    ['{"a":[1,2,{"b":null}]}', 3, true],
    ['[[[]]]', 3, true],
    ['[[[[]]]]', 3, false],
    ['{"s":"[[[[[[\\"{{{{"}', 1, true],
    ['"\\\\"', 0, true],
  ])('%s at depth %i: ok %s', (text, maxDepth, ok) => expect(parseJson(text, { maxDepth }).ok).toBe(ok));

  it('names the bracket that goes too deep, and the syntax error, by line and column only', () => {
    expect(parseJson('{\n  "a": [[[1]]]\n}', { maxDepth: 3 })).toMatchObject({
      ok: false,
      problem: { kind: 'depth', line: 2, column: 10, message: 'nested deeper than 3 levels at line 2, column 10' },
    });
    const key = 'AIzaSyD-not-a-real-key-0000000000000000';
    const bad = parseJson(`{"key": ${key}}`);
    expect(bad).toMatchObject({
      ok: false,
      problem: { kind: 'syntax', line: 1, column: 9, message: 'not valid JSON at line 1, column 9' },
    });
    expect(JSON.stringify(bad)).not.toContain('AIza');
    expect(parseJson('{"a":')).toMatchObject({
      ok: false,
      problem: { message: 'not valid JSON at the end (it stops early)' },
    });
  });

  it('a text that ends inside a string escape is a syntax error, not an endless scan (found by the generated test)', () => {
    for (const text of ['"\\', '["\\', '{"a":"\\', '"\\\\\\'])
      expect(parseJson(text)).toMatchObject({ ok: false, problem: { kind: 'syntax' } });
  });

  it('checks the size first, in UTF-8 bytes, for text and bytes alike', () => {
    expect(parseJson('"éé"', { maxBytes: 5 })).toMatchObject({
      ok: false,
      problem: { kind: 'size', message: 'larger than 5 bytes' },
    });
    expect(parseJson('"éé"', { maxBytes: 6 })).toEqual({ ok: true, value: 'éé' });
    expect(parseJson(Buffer.from('{"a":1}'), { maxBytes: 7 })).toEqual({ ok: true, value: { a: 1 } });
  });

  it('the default bound is MAX_JSON_DEPTH; 50,000 levels is refused without a stack overflow', () => {
    expect(parseJson(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
    for (const text of [
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
      '['.repeat(50_000),
    ]) {
      expect(parseJson(text)).toMatchObject({
        ok: false,
        problem: { kind: 'depth', offset: MAX_JSON_DEPTH * (text[1] === '"' ? 5 : 1) },
      });
    }
  });

  it('generated: any text at all gets the typed answer JSON.parse and the depth give', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 0, max: 8 }), (text, depth) =>
        agrees(text, depth),
      ),
      RUNS,
    );
  });

  it('generated: JSON-ish texts (brackets, strings, escapes, half-made values) get the same typed answer', () => {
    const token = fc.constantFrom(
      '[',
      ']',
      '{',
      '}',
      '"',
      '\\',
      '\\"',
      '"a"',
      ':',
      ',',
      '1',
      '-0.5e3',
      'true',
      'null',
      ' ',
      '\n',
      '"[',
      '"{',
      'é',
      '\u2028',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), fc.integer({ min: 0, max: 10 }), (tokens, depth) =>
        agrees(tokens.join(''), depth),
      ),
      RUNS,
    );
  });

  it('generated: every JSON value round-trips while within the bound, and is refused as too deep past it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, depth) => {
        const text = JSON.stringify(value);
        const got = parseJson(text, { maxDepth: depth });
        expect(got.ok).toBe(valueDepth(value, depth) <= depth);
        if (got.ok) expect(got.value).toEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('generated: arbitrary nestings up to 200,000 deep never throw, never overflow, and are refused exactly past the bound', () => {
    const opener = fc.constantFrom('[', '{"k":', '{"[":', '[" ] } \\" ",');
    fc.assert(
      fc.property(
        fc.array(opener, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 1, max: 150 }),
        (kinds, n, maxDepth) => {
          const opens = Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!);
          const closes = opens.map((open) => (open.startsWith('[') ? ']' : '}')).reverse();
          const text = `${opens.join('')}0${closes.join('')}`;
          const got = parseJson(text, { maxDepth });
          expect(got.ok).toBe(n <= maxDepth);
          if (!got.ok) expect(got.problem.kind).toBe('depth');
        },
      ),
      { ...RUNS, numRuns: 60 },
    );
  });
});
