// Help's wrapping, for the prose after a command's option list (commander's addHelpText 'after') and,
// through help-layout.ts, for the option and command rows too: one width (the terminal's, 80 into a
// pipe, at most 100) and one rule, lines break between words only. Help is written once, in
// sentences, never hard-wrapped by hand. Into a pipe the text is always the same 80-column rendering:
// the bundle's pre-rendered top-level --help (esbuild.config.mjs, src/cli-fast-path.ts) must equal
// what commander prints there.

import type { Command } from 'commander';

/** Long lines read badly on a wide terminal; help stops here even when there is more room. */
const MAX_PROSE = 100;
const PIPE_WIDTH = 80;
/** A table's text column narrower than this reads a few words a line: the text goes under its label instead. */
export const MIN_TEXT_COLUMN = 30;
/** Where text under a label starts, past the row's own indent. */
const UNDER_LABEL = 4;

/** The width help is wrapped to: the terminal's (stdout's columns, as commander reads them), else 80. */
export function helpWidth(columns: number | undefined): number {
  return Math.min(columns && columns > 20 ? columns : PIPE_WIDTH, MAX_PROSE);
}

/**
 * Pure. Prose (lines starting at column 0) is joined into paragraphs and re-wrapped; a paragraph
 * ends at a blank line, an indented line (tables, examples: kept as written, wrapped only when
 * longer than the width, under their own indent), or a labelled line ("Exit codes: …") after a
 * sentence's end.
 */
export function wrapHelp(text: string, width: number): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let item: { indent: string; continuation: string; label?: string; words: string[] } | undefined;
  const flush = (): void => {
    if (paragraph.length > 0) out.push(...wrapLine(paragraph.join(' '), width, ''));
    if (item?.label !== undefined)
      out.push(...formatRow(item.indent.length, item.label, item.continuation.length, item.words.join(' '), width));
    else if (item && COMMAND.test(item.words[0]!)) out.push(...wrapCommand(item.words[0]!, width, item.indent));
    else if (item) out.push(...wrapLine(item.words.join(' '), width, item.indent, item.continuation));
    paragraph = [];
    item = undefined;
  };
  for (const line of text.split('\n')) {
    const indent = /^\s*/.exec(line)![0];
    const body = line.slice(indent.length);
    if (body === '') {
      flush();
      out.push('');
    } else if (indent !== '') {
      // A line under the previous item's text continues it; a row with columns, an example or its comment starts anew.
      const continues =
        item !== undefined &&
        indent === item.continuation &&
        !COMMAND.test(item.words[0]!) &&
        !/\S {2,}\S/.test(body) &&
        !/^#/.test(body) &&
        !COMMAND.test(body);
      if (continues) item!.words.push(body);
      else {
        flush();
        const continuation = columnStart(line);
        const row = /^(\S.*?)\s{2,}(\S.*)$/.exec(body);
        item =
          row && !body.startsWith('# ') && !COMMAND.test(body)
            ? { indent, continuation, label: row[1]!, words: [row[2]!] }
            : { indent, continuation, words: [body] };
      }
    } else {
      const previous = paragraph[paragraph.length - 1];
      if (item || (previous !== undefined && /[.:)]$/.test(previous) && /^[A-Z][\w ()/-]{0,30}: /.test(line))) flush();
      paragraph.push(body);
    }
  }
  flush();
  return out.join('\n');
}

/** Where a row's text column starts (`  json    {…}` → 10), else its own indent: continuations align there. */
function columnStart(line: string): string {
  if (/^\s+# /.test(line)) return `${/^\s*/.exec(line)![0]}# `;
  const match = /^(\s+\S.*?\s{2,})\S/.exec(line);
  return ' '.repeat(match ? match[1]!.length : /^\s*/.exec(line)![0].length);
}

/** An example command line (`gemtoken …`, `$ …`, `VAR=$(gemtoken …)`): wrapped, it goes on with ` \\` so that it pastes whole. */
const COMMAND = /^(\$ |gemtoken |[A-Z_]+=)/;

/**
 * A row of a two-column table (an option and its description, a fault and what it does): the text
 * beside its label, starting at `column`, when that leaves it MIN_TEXT_COLUMN, else under the label.
 */
export function formatRow(indent: number, label: string, column: number, text: string, width: number): string[] {
  const [first = '', ...more] = text.split('\n');
  if (width - column >= MIN_TEXT_COLUMN) {
    const beside = `${' '.repeat(indent)}${label}`.padEnd(column);
    const rest = more.flatMap((line) => wrapLine(line, width, ' '.repeat(column)));
    return [...wrapLine(first, width, beside, ' '.repeat(column)), ...rest];
  }
  const under = ' '.repeat(indent + UNDER_LABEL);
  return [
    ...wrapLine(label, width, ' '.repeat(indent)),
    ...[first, ...more].flatMap((line) => wrapLine(line, width, under)),
  ];
}

/** A shell command wrapped between its words (a quoted string is one word), each line but the last ending in ` \\`. */
function wrapCommand(command: string, width: number, indent: string): string[] {
  if (indent.length + command.length <= width) return [indent + command];
  const lines: string[] = [];
  let current = indent;
  const continuation = `${indent}${' '.repeat(UNDER_LABEL)}`;
  for (const [, gap, word] of command.matchAll(/(\s*)((?:"[^"]*"|'[^']*'|\S)+)/g)) {
    if (current.trim() !== '' && current.length + gap!.length + word!.length + 2 > width) {
      lines.push(`${current} \\`);
      current = continuation;
    }
    current += current.trim() === '' ? word : gap! + word!;
  }
  return [...lines, current];
}

/** Greedy word wrap keeping the spacing between words (a table's columns); a word longer than the line (a URL) stays whole. */
export function wrapLine(text: string, width: number, indent: string, continuation = indent): string[] {
  if (indent.length + text.length <= width) return [indent + text];
  const lines: string[] = [];
  let current = indent;
  let empty = true;
  for (const [, gap, word] of text.matchAll(/(\s*)(\S+)/g)) {
    // A row's first column stays with the first word of its text, however long.
    const started = current.trimEnd().length >= continuation.length;
    if (!empty && started && current.length + gap!.length + word!.length > width) {
      lines.push(current);
      current = continuation;
      empty = true;
    }
    current += empty ? word : gap! + word!;
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** For addHelpText('after', …): wrapped when help is rendered, to the width of the stream it goes to. */
export function helpAfter(text: string): (context: { error: boolean; command: Command }) => string {
  return ({ error, command }) => {
    const output = command.configureOutput();
    return wrapHelp(text, helpWidth(error ? output.getErrHelpWidth?.() : output.getOutHelpWidth?.()));
  };
}
