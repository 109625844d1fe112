// The prose after a command's option list (commander's addHelpText 'after'), wrapped to the width
// commander uses for the options above it: the terminal's, or 80 into a pipe. Written once, in
// sentences; never hard-wrapped by hand, so an 80-column terminal does not break words.
// Into a pipe the text is always the same 80-column rendering: the bundle's pre-rendered top-level
// --help (esbuild.config.mjs, src/cli-fast-path.ts) must equal what commander prints there.

import type { Command } from 'commander';

/** Long lines read badly on a wide terminal; prose stops here even when there is more room. */
const MAX_PROSE = 100;
const PIPE_WIDTH = 80;

/** The width commander wraps the options above to (its own default: the terminal's, else 80). */
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
  let item: { indent: string; continuation: string; words: string[] } | undefined;
  const flush = (): void => {
    if (paragraph.length > 0) out.push(...wrapLine(paragraph.join(' '), width, ''));
    if (item) out.push(...wrapLine(item.words.join(' '), width, item.indent, item.continuation));
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
        !/\S {2,}\S/.test(body) &&
        !/^(#|\$|gemtoken |[A-Z_]+=)/.test(body);
      if (continues) item!.words.push(body);
      else {
        flush();
        item = { indent, continuation: columnStart(line), words: [body] };
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

/** Greedy word wrap keeping the spacing between words (a table's columns); a word longer than the line (a URL) stays whole. */
function wrapLine(text: string, width: number, indent: string, continuation = indent): string[] {
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
