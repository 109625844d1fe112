// Which processes end with a run (src/children/tree.ts treeMembers), generated: arbitrary process
// tables — parents, groups, zombies, environments with our marker, another run's marker, or a
// marker that only starts like ours. Seeded (a failure prints the seed; FC_SEED=<n> replays it).
// Properties: every live descendant of a held shell, every live member of its group and every
// live carrier of the marker is found; nothing else, never a zombie, never gemtoken itself; once
// the shell is reaped, only marker carriers (its pid may belong to someone else by then).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUN_MARKER, treeMembers, type ProcInfo } from '../../../src/children/tree.js';

const SEED = Number(process.env.FC_SEED ?? 19);
const SELF = 1;
const ROOT = 2;
const MARKER = 'run-7';

const table = fc
  .array(
    fc.record({
      ppid: fc.integer({ min: 0, max: 12 }),
      pgid: fc.integer({ min: 1, max: 12 }),
      zombie: fc.boolean(),
      environ: fc.constantFrom(
        '',
        'HOME=/h\0',
        `${RUN_MARKER}=${MARKER}\0`,
        `A=1\0${RUN_MARKER}=${MARKER}\0B=2\0`,
        `${RUN_MARKER}=${MARKER}0\0`,
        `${RUN_MARKER}=other\0`,
        `X${RUN_MARKER}=${MARKER}`,
      ),
    }),
    { minLength: 2, maxLength: 12 },
  )
  .map((rows) => rows.map((row, i): ProcInfo => ({ pid: i + 1, ...row })));

function descendants(procs: readonly ProcInfo[], root: number): Set<number> {
  const found = new Set<number>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!(p.ppid === root || found.has(p.ppid)) || found.has(p.pid) || p.pid === root) continue;
      found.add(p.pid);
      grew = true;
    }
  }
  return found;
}

const carries = (p: ProcInfo): boolean => p.environ.includes(`${RUN_MARKER}=${MARKER}\0`);

describe('treeMembers (generated)', () => {
  it('finds exactly the live descendants, group members and marker carriers; never itself or a zombie', () => {
    fc.assert(
      fc.property(table, fc.boolean(), (procs, held) => {
        const members = new Set(treeMembers(procs, ROOT, [MARKER], SELF, held));
        const tree = descendants(procs, ROOT);
        for (const p of procs) {
          const belongs = held ? p.pid === ROOT || tree.has(p.pid) || p.pgid === ROOT || carries(p) : carries(p);
          expect(members.has(p.pid), `pid ${p.pid}`).toBe(belongs && !p.zombie && p.pid !== SELF);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
