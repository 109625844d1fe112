// Scenario text matching cannot hang: `/regex/flags` runs on re2js, linear-time; what
// it cannot run (backreferences, lookaround) is refused when the file loads, naming the turn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import { PatternError, textPattern } from '../../../src/emulator/scenario/text-pattern.js';

/** Seeded: a failure prints the seed and the shrunk case; FC_SEED replays another run. */
const RUNS = { seed: Number(process.env['FC_SEED'] ?? 19), numRuns: 300 };

const scenario = (text: string) => parseScenario({ turns: [{ expect: { text }, model: { reply: 'ok' } }] }, 's.yaml');

describe('scenario text patterns', () => {
  it('/(a+)+$/ against a long text answers (backtracking engines take exponential time here)', () => {
    const pattern = textPattern('/(a+)+$/');
    expect(pattern.test(`${'a'.repeat(50_000)}b`)).toBe(false);
    expect(pattern.test('a'.repeat(50_000))).toBe(true);
  });

  it.each([
    ['plain text is a substring, any case', 'Order Pizza', 'I want to ORDER PIZZA now', true],
    ['plain text is not a regex', 'a.c', 'abc', false],
    ['plain text with slashes', 'a /help/ page', 'see A /HELP/ PAGE', true],
    ['/regex/', '/piz+a/', 'pizzza', true],
    ['/regex/i', '/^order/i', 'ORDER now', true],
    ['case matters without i', '/^order/', 'ORDER now', false],
    ['/regex/s: dot matches newlines', '/a.b/s', 'a\nb', true],
    ['no s: dot stops at newlines', '/a.b/', 'a\nb', false],
    ['/regex/m: ^ at each line', '/^two$/m', 'one\ntwo\nthree', true],
    ['named groups', '/(?<word>hel+o)/', 'hello', true],
    ['classes and escapes', '/\\d{3}-\\w+\\b/', 'call 555-abc now', true],
    ['unicode escapes', '/caf\\u00e9/u', 'café', true],
    ['g and d flags do not change a match', '/b/gd', 'abc', true],
  ])('%s', (_name, source, text, expected) => {
    expect(textPattern(source).test(text)).toBe(expected);
    // And a pattern keeps giving the same answer (a /g RegExp's test() did not).
    expect(textPattern(source).test(text)).toBe(expected);
  });

  it.each([
    ['/(a)\\1/', /backreferences and lookaround have no linear-time match/],
    ['/(?=x)y/', /backreferences and lookaround/],
    ['/(?!x)y/', /backreferences and lookaround/],
    ['/(?<=x)y/', /backreferences and lookaround/],
    ['/(?<n>a)\\k<n>/', /a backreference has no linear-time match/],
    ['/a/y', /the flag "y" is not supported/],
    ['/a(/', /invalid regular expression/],
  ])('%s is refused at load, naming the turn and why', (source, why) => {
    expect(() => scenario(source)).toThrow(/^--scenario s\.yaml: turns\[0\]\.expect\.text: /);
    expect(() => scenario(source)).toThrow(why);
  });

  it('generated: any pattern either loads or is a PatternError, and a loaded one answers any text', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '.',
      '*',
      '+',
      '?',
      '(',
      ')',
      '[',
      ']',
      '^',
      '$',
      '|',
      '\\',
      '{',
      '}',
      '1',
      ',',
      '<',
      '=',
      '!',
      'k',
      'd',
      'w',
      's',
      '-',
      ':',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 16 }),
        fc.constantFrom('', 'i', 's', 'm', 'gi', 'y', 'q'),
        fc.string({ maxLength: 200 }),
        (pieces, flags, text) => {
          let pattern;
          try {
            pattern = textPattern(`/${pieces.join('') || 'a'}/${flags}`);
          } catch (error) {
            expect(error).toBeInstanceOf(PatternError);
            return;
          }
          expect(typeof pattern.test(text)).toBe('boolean');
        },
      ),
      RUNS,
    );
  });

  it('generated: on the syntax both engines share, re2js answers as JavaScript does', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '(a|b)', '(?:ab)');
    const quantified = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,2}')).map(([a, q]) => a + q);
    const source = fc
      .tuple(fc.boolean(), fc.array(quantified, { minLength: 1, maxLength: 5 }), fc.boolean())
      .map(([start, parts, end]) => `${start ? '^' : ''}${parts.join('')}${end ? '$' : ''}`);
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '1', 'c', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(source, fc.constantFrom('', 'i', 's', 'm'), text, (body, flags, input) => {
        expect(textPattern(`/${body}/${flags}`).test(input)).toBe(new RegExp(body, flags).test(input));
      }),
      RUNS,
    );
  });
});
