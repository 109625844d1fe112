import { describe, expect, it } from 'vitest';
import { helpWidth, wrapHelp } from '../../../src/terminal/help-text.js';

describe('wrapHelp', () => {
  it('reflows prose into paragraphs at the width, never cutting a word', () => {
    const text = 'Exit codes: 0 ok, 2 bad input,\n3 key rejected, 130 interrupted.\n\nNext paragraph.';
    expect(wrapHelp(text, 30)).toBe(
      'Exit codes: 0 ok, 2 bad input,\n3 key rejected, 130\ninterrupted.\n\nNext paragraph.',
    );
  });

  it('starts a new paragraph at a labelled line after a sentence', () => {
    expect(wrapHelp('API key: from a file.\nBase URL: --base-url.', 80)).toBe(
      'API key: from a file.\nBase URL: --base-url.',
    );
  });

  it('keeps table rows, aligns their continuations and joins a row continued below its text', () => {
    const text = '  json    {"name"} and a long\n          description here\n  name    bare';
    expect(wrapHelp(text, 40)).toBe('  json    {"name"} and a long\n          description here\n  name    bare');
    expect(wrapHelp('  json    one two three four five six seven eight', 44)).toBe(
      '  json    one two three four five six seven\n          eight',
    );
  });

  it("puts a row's text under its label when beside it would be narrower than 30 columns", () => {
    expect(wrapHelp('  json    one two three four five', 24)).toBe('  json\n      one two three four\n      five');
  });

  it('keeps a long unbreakable word whole, next to its label', () => {
    expect(wrapHelp('  json    {"name","expireTime","newSessionExpireTime"}', 50)).toBe(
      '  json    {"name","expireTime","newSessionExpireTime"}',
    );
  });

  it('never joins example lines or their comments, and wraps a comment as a comment', () => {
    const text = '  # one token\n  gemtoken mint\n  gemtoken talk';
    expect(wrapHelp(text, 80)).toBe(text);
    expect(wrapHelp('  # one token from the key', 16)).toBe('  # one token\n  # from the key');
  });

  it('helpWidth: the terminal, 80 without one, at most 100', () => {
    expect(helpWidth(undefined)).toBe(80);
    expect(helpWidth(60)).toBe(60);
    expect(helpWidth(200)).toBe(100);
  });
});
