// What a scenario's `expect: {text: …}` matches a user's text turn with. A plain string is a
// case-insensitive substring; `/regex/flags` is a JavaScript-style regular expression run on re2js,
// a linear-time engine: no pattern (`/(a+)+$/`) against any text can freeze the emulator, since
// the match costs time in proportion to the text. What re2js cannot run in linear time
// (backreferences, lookahead, lookbehind) is refused when the file loads, with the reason.

import { RE2JS } from 're2js';

/** A compiled pattern; a plain object of data (no closures), so two loads of one file compare equal. */
export class TextPattern {
  constructor(private readonly compiled: RE2JS) {}

  test(text: string): boolean {
    return this.compiled.matcher(text).find();
  }
}

/** JavaScript flags → re2js flags; `g` and `d` do not change whether a text matches, `u` is always on. */
const FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
  g: 0,
  d: 0,
};

export class PatternError extends Error {}

/** A backreference by name (`\k<n>`): re2js's translation would silently read it as the letter k. */
function hasNamedBackreference(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== '\\') continue;
    if (source[i + 1] === 'k' && source[i + 2] === '<') return true;
    i += 1;
  }
  return false;
}

/** re2js's reason without the pattern piece it quotes ("invalid escape sequence: `\1`" → "invalid escape sequence"). */
const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .replace(/^error parsing regexp: /, '')
    .replace(/: `[\s\S]*$/, '');

/** `source` as a pattern (see the top of the file); a PatternError says why it cannot be one. */
export function textPattern(source: string): TextPattern {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(source);
  if (!regex) {
    return new TextPattern(RE2JS.compile(RE2JS.quote(source), RE2JS.CASE_INSENSITIVE));
  }
  const [, body, flagText] = regex as unknown as [string, string, string];
  let flags = 0;
  for (const flag of new Set(flagText)) {
    const value = FLAGS[flag];
    if (value === undefined) throw new PatternError(`the flag "${flag}" is not supported (use i, m, s, u, g or d)`);
    flags |= value;
  }
  if (hasNamedBackreference(body))
    throw new PatternError('a backreference has no linear-time match (the matcher is RE2)');
  try {
    return new TextPattern(RE2JS.compile(RE2JS.translateRegExp(body), flags));
  } catch (error) {
    const reason = reasonOf(error);
    const why = /escape sequence|Perl syntax|named capture/.test(reason)
      ? '; backreferences and lookaround have no linear-time match (the matcher is RE2)'
      : '';
    throw new PatternError(`invalid regular expression (${reason}${why})`);
  }
}
