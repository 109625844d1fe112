// json-syntax.ts finds where JSON breaks without quoting it, and agrees with JSON.parse on validity.
import { describe, expect, it } from 'vitest';
import { describeOffset, jsonErrorOffset } from '../../../src/parse/json-syntax.js';

const valid = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorOffset', () => {
  it.each<[string, number]>([
    ['AIzaSyCanary-key', 0],
    ['  \n  AIza', 5],
    ['{"a": x}', 6],
    ['[1,2,]', 5],
    ['{"a":1}}', 7],
    ['"abc', 4],
    ['{"a":"b\nc"}', 7],
    ['', 0],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['"\\x"', 1],
    ['01', 1],
  ])('%j breaks at %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it.each([
    '{}',
    '[]',
    ' {"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{"c":{}}} ',
    '"s"',
    '0',
    '-0.1',
    '[[[]]]',
    '{"a":1,"b":[{},{"c":[null]}]}',
    '{',
    '}',
    '[1 2]',
    'tru',
    'nul',
    '1.',
    '.5',
    '+1',
    '{"a":}',
    '{1:2}',
    '[,]',
    '"\t"',
  ])('agrees with JSON.parse on %j', (text) => {
    expect(jsonErrorOffset(text) === -1).toBe(valid(text));
  });

  it('copes with a 100 000-deep text without recursion', () => {
    expect(jsonErrorOffset('['.repeat(100_000))).toBe(100_000);
  });

  it('describes an offset as line and column, never as text', () => {
    expect(describeOffset('{\n  "a": x}', 9)).toBe('line 2, column 8');
    expect(describeOffset('{', 1)).toBe('the end (it stops early)');
  });
});
