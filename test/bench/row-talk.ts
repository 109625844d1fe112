// Rows 4–6 (talk latency, barge-in, long session): need `gemtoken talk`.

import type { BenchRow } from './table.js';

export async function talkRows(options: { quick: boolean; rows: readonly string[] }): Promise<BenchRow[]> {
  void options.quick;
  return options.rows.map((id) => ({ id, what: 'talk (not measured yet)', measured: '—', comparison: '—', ratio: '—', target: '—', met: undefined, note: 'gemtoken talk has not landed; see the issue 4 report.' }));
}
