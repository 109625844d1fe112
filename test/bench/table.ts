// The printed result: one line per measured figure, with what it was compared against in the same run.

export interface BenchRow {
  readonly id: string;
  readonly what: string;
  readonly measured: string;
  readonly comparison: string;
  readonly ratio: string;
  readonly target: string;
  /** undefined: not measured (see the note). */
  readonly met: boolean | undefined;
  readonly note?: string;
}

const HEADERS = ['#', 'what', 'measured', 'compared with (same run)', 'ratio', 'target', 'met'] as const;

function cells(row: BenchRow): string[] {
  const met = row.met === undefined ? 'n/a' : row.met ? 'yes' : 'NO';
  return [row.id, row.what, row.measured, row.comparison, row.ratio, row.target, met];
}

/** A Markdown table (pastes straight into the README), then the notes. */
export function renderTable(rows: readonly BenchRow[]): string {
  const all = [HEADERS.slice(), ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(all[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...all.slice(1).map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `[${r.id}] ${r.note}`);
  return [...out, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
