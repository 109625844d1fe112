// What parsing text from outside gives back (parse/json.ts, parse/yaml.ts): the value, or where and
// why it was refused. A problem names a position and a kind, never the text itself: the text may be
// a key file named by mistake, or a stranger's frame that a log line would repeat.

export interface ParseLimits {
  /** Deepest nesting accepted: `{}` and `[]` are depth 1. */
  readonly maxDepth: number;
  /** Largest text accepted, in UTF-8 bytes. */
  readonly maxBytes: number;
}

export type ProblemKind = 'syntax' | 'depth' | 'size';

export interface ParseProblem {
  readonly kind: ProblemKind;
  /** UTF-16 offset into the text (0 for a size problem). */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** What is wrong, without the position: "duplicate key", "nested deeper than 64 levels". */
  readonly detail: string;
  /** One phrase for an error line, e.g. "not valid JSON at line 2, column 5"; never quotes the text. */
  readonly message: string;
}

export type Parsed =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: ParseProblem };

/** 1-based line and column of `offset` in `text`; one pass, no copies of the text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) {
    line += 1;
    start = at + 1;
  }
  return { line, column: end - start + 1 };
}

/** A refusal at `offset`; `message` is `what` followed by the position ("not valid JSON at line 2, column 5"). */
export function problem(
  kind: ProblemKind,
  text: string,
  offset: number,
  what: string,
  detail = what,
): { ok: false; problem: ParseProblem } {
  const { line, column } = lineColumn(text, offset);
  const where =
    offset >= text.length && kind === 'syntax' ? 'at the end (it stops early)' : `at line ${line}, column ${column}`;
  return { ok: false, problem: { kind, offset, line, column, detail, message: `${what} ${where}` } };
}

export function tooLarge(maxBytes: number): { ok: false; problem: ParseProblem } {
  const message = `larger than ${maxBytes} bytes`;
  return { ok: false, problem: { kind: 'size', offset: 0, line: 1, column: 1, detail: message, message } };
}
