// The "skeleton" of a text, as secret-forms.ts searches it: only its letters and digits (any script),
// case-folded, one code unit at a time, remembering where each came from. Everything else is taken
// for a separator, because a leak can put anything between a secret's characters ("AIza,SyCa,…",
// one character per line, zero-width spaces, JSON's '", "' between array items): a list of the
// separators people use would miss the next one. A percent escape of an ASCII character (%41, %2C)
// counts as the character it encodes, so a value percent-encoded character by character folds like
// the value itself. No regex runs over the text's characters one by one and nothing backtracks:
// folding is one pass.

/** Letters and digits of any script: the characters a secret is recognised by. */
const ALPHANUMERIC = /^[\p{L}\p{N}]+$/u;

export interface Folded {
  /** Case-folded letters and digits of the text, nothing else. */
  readonly skeleton: string;
  /** The index in the original text where skeleton character `i` starts. */
  at(i: number): number;
  /** The index in the original text just after skeleton character `i` (past a %XX escape whole). */
  end(i: number): number;
}

const ASCII = /^[^\u0080-\uffff]*$/;
const NOT_ALPHANUMERIC_ASCII = /[^A-Za-z0-9]+/g;
const ASCII_FOLDS = Array.from({ length: 128 }, (_, code) =>
  /[A-Za-z0-9]/.test(String.fromCharCode(code)) ? String.fromCharCode(code).toLowerCase() : '',
);

/** A character case-folded, and whether it counts for the skeleton (a letter or digit). */
interface CharFold {
  readonly cased: string;
  readonly letter: boolean;
}

/** The non-ASCII characters met so far: text repeats a small alphabet, and case mapping is not cheap. */
const folds = new Map<string, CharFold>();
const FOLD_CACHE_LIMIT = 4096;

/**
 * One character case-folded: upper- then lower-cased (ᲁ, ſ and ι meet Д, S and Ι there) when that keeps
 * its length; a character whose mapping grows (ß → SS, İ) stays as it is, so positions stay one to one.
 * It counts as a letter when it or its folded form is one (U+0345, a combining mark, upper-cases to the
 * letter Ι: a secret holding it must meet its upper-cased self).
 */
function foldChar(char: string): CharFold {
  const known = folds.get(char);
  if (known !== undefined) return known;
  const upperLower = char.toUpperCase().toLowerCase();
  const lower = char.toLowerCase();
  const cased = upperLower.length === char.length ? upperLower : lower.length === char.length ? lower : char;
  const folded = { cased, letter: ALPHANUMERIC.test(char) || ALPHANUMERIC.test(cased) };
  if (folds.size < FOLD_CACHE_LIMIT) folds.set(char, folded);
  return folded;
}

/** Whether a surrogate pair starts at `i` (a lone surrogate is a character of its own, and no letter). */
function pairAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

const hexValue = (code: number): number =>
  code >= 48 && code <= 57
    ? code - 48
    : code >= 65 && code <= 70
      ? code - 55
      : code >= 97 && code <= 102
        ? code - 87
        : -1;

/** The ASCII character a %XX escape at `i` encodes, or -1 (not an escape, or a byte of a longer UTF-8 sequence). */
function escapedAscii(text: string, i: number): number {
  if (text.charCodeAt(i) !== 37 || i + 2 >= text.length) return -1;
  const high = hexValue(text.charCodeAt(i + 1));
  const low = hexValue(text.charCodeAt(i + 2));
  return high < 0 || high > 7 || low < 0 ? -1 : high * 16 + low;
}

/** Each character (a surrogate pair whole, with `decode` a %XX escape as what it encodes) folded, with the index it starts at and its width. */
function foldEach(text: string, decode: boolean, each: (folded: string, index: number, width: number) => void): void {
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const escaped = decode && code === 37 ? escapedAscii(text, i) : -1;
    if (escaped >= 0) {
      each(ASCII_FOLDS[escaped]!, i, 3);
      i += 3;
    } else if (code < 0x80) {
      each(ASCII_FOLDS[code]!, i, 1);
      i += 1;
    } else {
      const width = pairAt(text, i) ? 2 : 1;
      const { cased, letter } = foldChar(text.slice(i, i + width));
      each(letter ? cased : '', i, width);
      i += width;
    }
  }
}

/** Whether the text has a %XX escape of an ASCII character, so that its decoded skeleton differs. */
export const hasEscape = (text: string): boolean => ESCAPE.test(text);
const ESCAPE = /%[0-7][0-9a-f]/i;

/**
 * The skeleton of `text`; with `decode`, %XX escapes of ASCII characters read as what they encode.
 * Both are searched when a text has escapes: decoding alone would misread a '%' that happens to stand
 * before a value starting with two hex digits ("%" then "575d…").
 */
export function fold(text: string, decode = false): Folded {
  // Only a %XX escape makes a skeleton character of one code unit stand for three in the text.
  const width = (start: number): number => (text.charCodeAt(start) === 37 ? 3 : 1);
  // Plain ASCII (nearly every line we write): native passes, and the positions only once a form is found.
  if (ASCII.test(text)) {
    let starts: number[] | undefined;
    const at = (i: number): number => (starts ??= asciiStarts(text, decode))[i]!;
    const skeleton = decode ? decodedAsciiSkeleton(text) : text.replace(NOT_ALPHANUMERIC_ASCII, '').toLowerCase();
    return { skeleton, at, end: (i) => at(i) + width(at(i)) };
  }
  const { parts, starts } = walk(text, decode);
  return { skeleton: parts.join(''), at: (i) => starts[i]!, end: (i) => starts[i]! + width(starts[i]!) };
}

// Every byte written is an ASCII letter or digit, which every single-byte decoding reads alike.
const ASCII_DECODER = new TextDecoder('latin1');

/** An ASCII text's decoded skeleton, written byte by byte: a text of many escapes makes no garbage. */
function decodedAsciiSkeleton(text: string): string {
  const out = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length;) {
    const escaped = text.charCodeAt(i) === 37 ? escapedAscii(text, i) : -1;
    const folded = ASCII_FOLDS[escaped >= 0 ? escaped : text.charCodeAt(i)]!;
    if (folded !== '') out[length++] = folded.charCodeAt(0);
    i += escaped >= 0 ? 3 : 1;
  }
  return ASCII_DECODER.decode(out.subarray(0, length));
}

/** Where each character of an ASCII text's skeleton starts in it. */
function asciiStarts(text: string, decode: boolean): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length;) {
    const escaped = decode && text.charCodeAt(i) === 37 ? escapedAscii(text, i) : -1;
    if (ASCII_FOLDS[escaped >= 0 ? escaped : text.charCodeAt(i)] !== '') starts.push(i);
    i += escaped >= 0 ? 3 : 1;
  }
  return starts;
}

/** The skeleton's characters and, for each of its code units, where it starts in the text. */
function walk(text: string, decode: boolean): { parts: string[]; starts: number[] } {
  const parts: string[] = [];
  const starts: number[] = [];
  foldEach(text, decode, (folded, index) => {
    if (folded === '') return;
    parts.push(folded);
    starts.push(index);
    // A folded surrogate pair is two skeleton code units, one per original one.
    if (folded.length === 2) starts.push(index + 1);
  });
  return { parts, starts };
}

/** The text case-folded with its length kept (separators and escapes in place), for forms too short to match by skeleton. */
export function foldCase(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const parts: string[] = [];
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const width = pairAt(text, i) ? 2 : 1;
    const char = text.slice(i, i + width);
    parts.push(code < 0x80 ? char.toLowerCase() : foldChar(char).cased);
    i += width;
  }
  return parts.join('');
}
