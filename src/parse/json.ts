// The one way JSON from outside gemtoken becomes a value: flags and the files they name, cassettes
// and scenarios, WebSocket frames on both sides, REST bodies, server replies, children's output.
// Generic and protocol-free, so the emulator shares it (test/unit/emulator/fence.test.ts).
//
// JSON.parse itself is iterative in V8, but what walks its result (JSON.stringify, redaction,
// validation, comparison) recurses: a 100 KB frame `[[[[…` 50,000 levels deep overflows the stack
// there. So before JSON.parse runs, the size is checked and a linear scan of the text (tracking
// string state and bracket depth, no recursion) refuses anything nested deeper than the caller's
// limit. Only data gemtoken wrote itself in the same process may skip this (with a comment saying so).

import { jsonErrorOffset } from './json-syntax.js';
import { problem, tooLarge, type ParseLimits, type Parsed } from './result.js';

export type { ParseLimits, Parsed, ParseProblem } from './result.js';

/**
 * Deepest nesting gemtoken accepts in JSON from outside by default: a Live setup with tool schemas
 * (each schema level costs two: `properties` and the property) stays far below it. gemtoken's own
 * bound; the real service's limit is not known.
 */
export const MAX_JSON_DEPTH = 100;

/** Everything up to the next quote or bracket (native and linear: a character class, no alternation). */
const PLAIN = /[^"[\]{}]*/y;
/** A string's body up to its closing quote or next backslash. */
const STRING_BODY = /[^"\\]*/y;

/** Offset of the bracket that first nests deeper than `maxDepth`, or -1. Never throws; ignores syntax (JSON.parse judges it). */
export function depthExceededAt(text: string, maxDepth: number): number {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    PLAIN.lastIndex = i;
    PLAIN.test(text);
    i = PLAIN.lastIndex;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    i += 1;
    if (c === 0x22) {
      // Inside a string: brackets do not count; a backslash hides the next character (an escaped quote).
      // `i` never passes the end: a sticky regex given a lastIndex past it fails and resets it to 0.
      for (;;) {
        if (i >= n) return -1;
        STRING_BODY.lastIndex = i;
        STRING_BODY.test(text);
        i = STRING_BODY.lastIndex;
        if (i >= n) return -1;
        if (text.charCodeAt(i) === 0x22) {
          i += 1;
          break;
        }
        i += 2;
      }
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return i - 1;
    } else depth -= 1;
  }
  return -1;
}

/** UTF-8 length without Buffer (the mint path runs outside Node: src/fetch.ts). */
function byteLength(input: string | Uint8Array): number {
  if (typeof input !== 'string') return input.length;
  let bytes = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    // A surrogate pair is 4 bytes for both halves; a lone surrogate becomes U+FFFD, 3 bytes.
    else if (c >= 0xd800 && c <= 0xdbff && (input.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** `text` (or UTF-8 bytes) as a value, or a positioned problem; never throws, never recurses. */
export function parseJson(input: string | Uint8Array, limits: Partial<ParseLimits> = {}): Parsed {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  if (maxBytes !== Number.POSITIVE_INFINITY && byteLength(input) > maxBytes) return tooLarge(maxBytes);
  // A leading BOM is kept (JSON.parse refuses it, as it did when this read a Buffer's text).
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { ignoreBOM: true }).decode(input);
  const deep = depthExceededAt(text, maxDepth);
  if (deep !== -1) return problem('depth', text, deep, `nested deeper than ${maxDepth} levels`);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // V8's message quotes the text: only the position is kept.
    return problem('syntax', text, Math.max(0, jsonErrorOffset(text)), 'not valid JSON');
  }
}
