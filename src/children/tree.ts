// Ending a handler's whole process tree. The shell runs in its own session and process group
// (spawn `detached`), so one kill(-pgid) ends what stays in the group; but a grandchild that called
// setsid (or setpgid) has left it, and one whose parent died has been re-parented to init. Node
// cannot make itself a child subreaper (prctl), so on Linux the tree is found in /proc: every
// process whose environment carries the run's marker variable (inherited by every descendant, also
// across setsid and double forks), every descendant by parent pid (also one that cleared its
// environment while its parent lives), and the group. Killed with SIGKILL in passes until none is
// left (a parent forking between scan and kill is caught by the next pass). What still escapes on
// Linux: a process that clears its environment AND whose parent exits before the scan. Elsewhere
// (macOS) only the group is killed: a process that left it there outlives the call.

import { readdirSync, readFileSync } from 'node:fs';

/** The variable that marks every process of one run (its value is unique per run, not a secret). */
export const RUN_MARKER = 'GEMTOKEN_RUN_ID';
const MAX_PASSES = 8;

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly zombie: boolean;
  readonly environ: string;
}

/**
 * Pure: the live processes of the run: those carrying its marker and, while `root` (the shell) is
 * still ours — running, or a zombie not yet reaped, so its pid cannot have been reused — its group
 * and its descendants by parent pid.
 */
export function treeMembers(
  procs: readonly ProcInfo[],
  root: number | undefined,
  markers: readonly string[],
  self: number,
  rootHeld: boolean,
): number[] {
  const found = new Set<number>();
  if (rootHeld && root !== undefined) {
    const children = new Map<number, number[]>();
    for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
    const stack = [root];
    found.add(root);
    while (stack.length > 0) {
      for (const child of children.get(stack.pop()!) ?? []) {
        if (found.has(child)) continue;
        found.add(child);
        stack.push(child);
      }
    }
    for (const p of procs) if (p.pgid === root) found.add(p.pid);
  }
  const needles = markers.map((marker) => `${RUN_MARKER}=${marker}\0`);
  for (const p of procs) if (needles.some((needle) => p.environ.includes(needle))) found.add(p.pid);
  const live = new Set(procs.filter((p) => !p.zombie).map((p) => p.pid));
  return [...found].filter((pid) => pid !== self && live.has(pid)).sort((a, b) => a - b);
}

/** Pure: /proc/<pid>/stat → parent, group and state (the command name may hold spaces and parentheses). */
export function parseStat(pid: number, stat: string, environ: string): ProcInfo | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgid] = [fields[0], Number(fields[1]), Number(fields[2])];
  if (state === undefined || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { pid, ppid, pgid, zombie: state === 'Z' || state === 'X', environ };
}

/** `withStat` false: environments only (a zombie's is empty), half the reads, for marker-only scans. */
function readProc(withStat: boolean): ProcInfo[] {
  const procs: ProcInfo[] = [];
  for (const entry of safe(() => readdirSync('/proc'), [])) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    // Another user's environ is unreadable (EACCES): such a process carries no marker of ours.
    const environ = safe(() => readFileSync(`/proc/${entry}/environ`, 'latin1'), '');
    if (!withStat) {
      if (environ !== '') procs.push({ pid, ppid: -1, pgid: -1, zombie: false, environ });
      continue;
    }
    const info = parseStat(
      pid,
      safe(() => readFileSync(`/proc/${entry}/stat`, 'latin1'), ''),
      environ,
    );
    if (info) procs.push(info);
  }
  return procs;
}

/**
 * SIGKILLs the run's processes (see above). `rootHeld`: the shell has not been reaped yet (its
 * exit not seen), so its pid and group id are still ours; after that only the marker is trusted
 * (the group kill too would risk a reused pid). Synchronous, so Node cannot reap it meanwhile.
 */
export function endTree(
  root: number,
  marker: string,
  rootHeld: boolean,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform !== 'linux') {
    // Windows has no process groups: there the shell itself is all that can be ended.
    if (rootHeld && !kill(-root)) kill(root);
    return;
  }
  endAll(root, [marker], rootHeld);
}

/** What the runs of `markers` left behind after their shells exited (marker only, one scan for all). */
export function endLeftovers(markers: readonly string[], platform: NodeJS.Platform = process.platform): void {
  if (platform === 'linux' && markers.length > 0) endAll(undefined, markers, false);
}

function endAll(root: number | undefined, markers: readonly string[], rootHeld: boolean): void {
  // Scan before the first kill: once the shell dies its children are re-parented, and a child that
  // cleared its environment is then found by nothing.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const members = treeMembers(readProc(rootHeld), root, markers, process.pid, rootHeld);
    if (rootHeld && root !== undefined) kill(-root);
    if (members.length === 0) return;
    members.forEach(kill);
  }
}

function kill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false; // already gone, or not ours to kill
  }
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
