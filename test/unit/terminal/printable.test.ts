// src/printable.ts: what is left of server text before it reaches a terminal, and NDJSON that keeps
// every control character escaped.
import { describe, expect, it } from 'vitest';
import { escapeJsonForTerminal, printable } from '../../../src/printable.js';

describe('printable', () => {
  it.each<[string, string, string]>([
    ['OSC window title (BEL)', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['OSC 8 hyperlink (ST)', '\u001b]8;;https://evil\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['CSI clear screen', 'x\u001b[2Jy', 'xy'],
    ['CSI colour / conceal', '\u001b[8mhidden\u001b[0m', 'hidden'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC', 'a\u009d0;t\u009cb', 'ab'],
    ['DCS string', 'a\u001bPq#0\u001b\\b', 'ab'],
    ['two-byte ESC', 'a\u001bcb', 'ab'],
    ['lone ESC at the end', 'ab\u001b', 'ab'],
    ['BEL, backspace, NUL, DEL', 'a\u0007\u0008\u0000\u007fb', 'ab'],
    ['carriage return overwrite', 'safe\rEVIL', 'safeEVIL'],
    ['bidi override', 'abc\u202edef\u2066g\u2069', 'abcdefg'],
    ['newline and tab in one line', 'a\nb\tc', 'a b c'],
    ['plain text and Unicode', 'héllo — 你好 ✔', 'héllo — 你好 ✔'],
  ])('%s', (_label, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('multi-line text keeps \\n and \\t, turns \\r\\n into \\n and drops a lone \\r', () => {
    expect(printable('line 1\r\nline\t2\r\u001b[2Kx\n', { multiline: true })).toBe('line 1\nline\t2x\n');
  });
});

describe('escapeJsonForTerminal', () => {
  it('keeps ESC escaped (JSON.stringify does) and escapes C1, bidi and line separators, same value', () => {
    const value = { text: 'a\u001b]0;pwned\u0007\u009b2J\u202e\u2028z' };
    const line = escapeJsonForTerminal(JSON.stringify(value));
    expect(line).toBe('{"text":"a\\u001b]0;pwned\\u0007\\u009b2J\\u202e\\u2028z"}');
    expect(line).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(line)).toEqual(value);
  });
});
