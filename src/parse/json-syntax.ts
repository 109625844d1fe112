// Where a JSON text stops being JSON, without quoting it. V8's JSON.parse messages quote the text
// ("Unexpected token 'A', "AIzaSyCana"... is not valid JSON"): a key file passed to --config @ by
// mistake would print the start of the key. This scanner only finds the offset; it is
// iterative (an explicit stack), so a deeply nested text cannot overflow the call stack.

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** Offset just past a string starting at `start` (a quote), or -(offset of the fault) - 1. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return -i - 1;
      i = ESCAPE.lastIndex;
    } else i += 1;
  }
  return -text.length - 1;
}

/** The offset of the first syntax error in `text`, or -1 if it is valid JSON. */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
    if (i >= text.length) return stack.length === 0 && expect === 'comma-or-end' ? -1 : i;
    const c = text[i]!;
    const close = (): void => {
      stack.pop();
      i += 1;
      expect = 'comma-or-end';
    };
    if (expect === 'colon') {
      if (c !== ':') return i;
      [i, expect] = [i + 1, 'value'];
    } else if (expect === 'comma-or-end') {
      const top = stack.at(-1);
      if (top === undefined) return i;
      if (c === ',') [i, expect] = [i + 1, top === '{' ? 'key' : 'value'];
      else if (c === (top === '{' ? '}' : ']')) close();
      else return i;
    } else if (expect === 'key' || expect === 'key-or-end') {
      if (c === '}' && expect === 'key-or-end') close();
      else if (c === '"') {
        const end = skipString(text, i);
        if (end < 0) return -end - 1;
        [i, expect] = [end, 'colon'];
      } else return i;
    } else if (c === ']' && expect === 'value-or-end') close();
    else if (c === '{' || c === '[') {
      stack.push(c);
      [i, expect] = [i + 1, c === '{' ? 'key-or-end' : 'value-or-end'];
    } else if (c === '"') {
      const end = skipString(text, i);
      if (end < 0) return -end - 1;
      [i, expect] = [end, 'comma-or-end'];
    } else {
      const pattern = c === '-' || (c >= '0' && c <= '9') ? NUMBER : LITERAL;
      pattern.lastIndex = i;
      if (!pattern.test(text)) return i;
      [i, expect] = [pattern.lastIndex, 'comma-or-end'];
    }
  }
}

/** "line 2, column 5" (1-based) of an offset; "the end" past the last character. */
export function describeOffset(text: string, offset: number): string {
  if (offset >= text.length) return 'the end (it stops early)';
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
