// definedProps(): the one rule for optional fields (src/defined-props.ts). A generated property
// (fast-check, seeded: a failure prints the seed; FC_SEED=<n> replays another run) over any record
// with any mix of undefined, falsy and other values, against the conditional spread it replaces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definedProps } from '../../src/defined-props.js';

const SEED = Number(process.env.FC_SEED ?? 2207);

const value = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(null, '', 0, false, Number.NaN),
  fc.string(),
  fc.integer(),
  fc.object(),
);

describe('definedProps', () => {
  it('keeps exactly the keys whose value is not undefined, with their values (null, "", 0, false kept)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (props) => {
        const defined = definedProps(props);
        const kept = Object.keys(props).filter((key) => props[key] !== undefined);
        expect(Object.keys(defined)).toEqual(kept);
        for (const key of kept) expect(Object.is(defined[key], props[key])).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('spread over defaults, keeps a default wherever the field is undefined, as the conditional spread did', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), fc.dictionary(fc.string(), value), (defaults, props) => {
        const bySpreads = Object.keys(props).reduce<Record<string, unknown>>(
          (merged, key) => ({ ...merged, ...(props[key] === undefined ? {} : { [key]: props[key] }) }),
          { ...defaults },
        );
        expect({ ...defaults, ...definedProps(props) }).toEqual(bySpreads);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('leaves its argument alone and returns a fresh object', () => {
    const props = { a: 1, b: undefined };
    const defined = definedProps(props);
    expect(props).toEqual({ a: 1, b: undefined });
    expect('b' in props).toBe(true);
    expect('b' in defined).toBe(false);
    expect(defined).not.toBe(props);
  });
});
