// The report for people (a table, then one verdict line) and for CI (one JSON document). Pure: the
// caller writes the lines, through the secret registry like every line gemtoken prints.

import type { Report, Row } from './compare.js';

const HEADERS = ['behaviour', 'documented', 'emulator', 'observed', 'match', 'evidence'] as const;

const matchCell = (row: Row): string => (row.match === undefined ? '-' : row.match ? 'yes' : 'DIFFERS');

export function reportTable(report: Report): string[] {
  const cells = report.rows.map((row) => [
    row.behaviour,
    row.documented,
    row.emulator,
    row.observed,
    matchCell(row),
    row.evidence,
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]): string =>
    values
      .map((value, column) => (column === values.length - 1 ? value : value.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), ...cells.map(line), '', verdictLine(report)];
}

export function verdictLine(report: Report): string {
  const probed = report.rows.filter((row) => row.match !== undefined).length;
  return report.exitCode === 0
    ? `every probed behaviour (${probed}) matches the ${report.profile} profile`
    : `${report.differing.length} of ${probed} probed behaviours differ from the ${report.profile} profile: ${report.differing.join(', ')}`;
}

export function reportJson(report: Report): string {
  return JSON.stringify({
    profile: report.profile,
    ok: report.exitCode === 0,
    differing: report.differing,
    rows: report.rows.map((row) => ({
      behaviour: row.behaviour,
      documented: row.documented,
      emulator: row.emulator,
      observed: row.observed,
      match: row.match ?? null,
      evidence: row.evidence,
    })),
  });
}
