// The links and headings of a Markdown page, read as GitHub renders them: fenced blocks and inline
// code hold no links or headings, and a heading's anchor is GitHub's slug of its text.

/** The text outside fenced blocks, with inline code blanked (same line numbers). */
export function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (line.startsWith('```')) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`+[^`]*`+/g, (code) => ' '.repeat(code.length));
  });
}

export interface Link {
  readonly target: string;
  /** 1-based line of the page. */
  readonly line: number;
}

/** Every `[text](target)` link of the page (inline code and fenced blocks excluded). */
export function links(text: string): Link[] {
  return prose(text).flatMap((line, index) =>
    [...line.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ target: m[1]!, line: index + 1 })),
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of every heading, a repeated one suffixed -1, -2 … as GitHub does. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  // Headings come from the raw lines (inline code is part of their text), fenced blocks excluded.
  const raw = text.split('\n');
  prose(text).forEach((line, index) => {
    if (!/^#{1,6} /.test(line)) return;
    const base = slug(raw[index]!.replace(/^#{1,6} /, ''));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  });
  return result;
}
