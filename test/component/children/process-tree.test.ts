// A handler's whole process tree ends with the call (src/children/shell.ts, tree.ts), on Linux also
// the processes that left its process group: a `setsid` grandchild, one that also cleared its
// environment (found by parent pid while the shell lives), and one left running after a normal
// exit. A real shell, a FakeClock for the timeout; "running" reads /proc, so a zombie that nobody
// reaps (PID 1 in a container may not) does not count as alive.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childLauncher } from '../../../src/children/launcher.js';
import { Reaper, REAP_DELAY_MS } from '../../../src/children/reaper.js';
import { runShell } from '../../../src/children/shell.js';
import { endTree, parseStat, treeMembers, type ProcInfo } from '../../../src/children/tree.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { skipUnlessRequired } from '../../helpers/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-tree-'));
const linux = process.platform === 'linux' && existsSync('/usr/bin/setsid');

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}

async function pidsIn(file: string, count: number): Promise<number[]> {
  await expect
    .poll(() => existsSync(file) && readFileSync(file, 'utf8').trim().split(/\s+/).length >= count, { timeout: 5000 })
    .toBe(true);
  return readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
}

const run = (command: string, clock = new FakeClock(), reaper?: Reaper) =>
  runShell(command, {
    cwd: dir,
    children: childLauncher({ PATH: process.env.PATH!, HOME: dir }),
    clock,
    timeoutMs: 10_000,
    maxOutput: 1024,
    ...(reaper ? { reaper } : {}),
  });

// Each escapee writes its own pid (after setsid) and then becomes `sleep 60`.
const escapee = (file: string, prefix = 'setsid') =>
  `${prefix} sh -c 'echo $$ >> ${file}; exec sleep 60' > /dev/null 2>&1 &`;

// Through the one skip rule (test/helpers/tools.ts): under GEMTOKEN_REQUIRE_TOOLS=1 (CI) a machine
// without /proc and setsid fails here instead of skipping the tree-kill tests silently.
const notLinux = skipUnlessRequired(linux ? undefined : 'the process-tree tests need Linux (/proc) and setsid');
describe.skipIf(notLinux !== undefined)("a handler's process tree (Linux)", () => {
  it('timeout: the shell, its group and a setsid grandchild, one that cleared its environment too, all end', async () => {
    const clock = new FakeClock();
    const file = path.join(dir, 'timeout.pids');
    const shell = run(`${escapee(file)} ${escapee(file, 'setsid env -i')} sleep 60 & echo $! >> ${file}; wait`, clock);
    const pids = await pidsIn(file, 3);
    expect(pids.every(running)).toBe(true);
    clock.advance(10_000);
    expect(await shell.done).toEqual({ kind: 'timeout' });
    await expect.poll(() => pids.filter(running), { timeout: 5000 }).toEqual([]);
  });

  it('cancel: a setsid grandchild ends too', async () => {
    const file = path.join(dir, 'cancel.pids');
    const shell = run(`${escapee(file)} wait`);
    const pids = await pidsIn(file, 1);
    shell.cancel();
    expect(await shell.done).toEqual({ kind: 'cancelled' });
    await expect.poll(() => pids.filter(running), { timeout: 5000 }).toEqual([]);
  });

  it('a normal exit: what the handler left running (a setsid daemon) ends with the call', async () => {
    const file = path.join(dir, 'exit.pids');
    const shell = run(`${escapee(file)} while [ ! -s ${file} ]; do sleep 0.01; done; echo '{"ok":1}'`);
    expect(await shell.done).toMatchObject({ kind: 'exit', code: 0, stdout: '{"ok":1}\n' });
    const pids = await pidsIn(file, 1);
    await expect.poll(() => pids.filter(running), { timeout: 5000 }).toEqual([]);
  });

  it('with a reaper (--tool-command): leftovers of runs that exited end together, on the clock or at flush()', async () => {
    const clock = new FakeClock();
    const reaper = new Reaper(clock);
    const files = [path.join(dir, 'reap-a.pids'), path.join(dir, 'reap-b.pids'), path.join(dir, 'reap-c.pids')];
    const leave = (file: string) =>
      run(`${escapee(file)} while [ ! -s ${file} ]; do sleep 0.01; done; echo '{}'`, clock, reaper);
    await Promise.all([leave(files[0]!).done, leave(files[1]!).done]);
    const first = [...(await pidsIn(files[0]!, 1)), ...(await pidsIn(files[1]!, 1))];
    expect(first.filter(running)).toEqual(first);
    clock.advance(REAP_DELAY_MS);
    await expect.poll(() => first.filter(running), { timeout: 5000 }).toEqual([]);
    await leave(files[2]!).done;
    const last = await pidsIn(files[2]!, 1);
    reaper.flush();
    await expect.poll(() => last.filter(running), { timeout: 5000 }).toEqual([]);
  });
});

describe.skipIf(notLinux !== undefined)('elsewhere (the macOS path, run here where /proc can tell)', () => {
  it('the group is killed: the shell and what stayed in its group', async () => {
    const file = path.join(dir, 'group.pids');
    const child = childLauncher({ PATH: process.env.PATH! }).shell(`sleep 60 & echo $$ $! > ${file}; wait`, {
      detached: true,
      stdio: 'ignore',
    });
    const pids = await pidsIn(file, 2);
    endTree(child.pid!, 'unused', true, 'darwin');
    await expect.poll(() => pids.filter(running), { timeout: 5000 }).toEqual([]);
  });
});

describe('treeMembers (pure)', () => {
  const proc = (pid: number, ppid: number, pgid: number, environ = '', zombie = false): ProcInfo => ({
    pid,
    ppid,
    pgid,
    zombie,
    environ,
  });
  const procs = [
    proc(1, 0, 1),
    proc(50, 1, 50), // init, us
    proc(100, 50, 100),
    proc(101, 100, 100), // the shell and a child in its group
    proc(102, 100, 102),
    proc(103, 102, 103), // a setsid child and its child, environment cleared
    proc(104, 1, 104, 'A=1\0GEMTOKEN_RUN_ID=m1\0'), // orphaned, carries the marker
    proc(105, 1, 105, 'GEMTOKEN_RUN_ID=m10\0'), // another run's marker (prefix of ours? no: m10 ≠ m1)
    proc(106, 100, 100, '', true), // a zombie
    proc(107, 1, 107), // unrelated
  ];

  it('while the shell is held: its descendants, its group and the marker carriers; never us, zombies or others', () => {
    expect(treeMembers(procs, 100, ['m1'], 50, true)).toEqual([100, 101, 102, 103, 104]);
  });

  it('after the shell was reaped (its pid may be reused): the marker only', () => {
    expect(treeMembers(procs, 100, ['m1'], 50, false)).toEqual([104]);
  });

  it('reads /proc/<pid>/stat with a command name holding spaces and parentheses', () => {
    expect(parseStat(7, '7 (a b) c)) S 3 9 9 0 -1', '')).toEqual({
      pid: 7,
      ppid: 3,
      pgid: 9,
      zombie: false,
      environ: '',
    });
    expect(parseStat(8, '8 (x) Z 1 8 8', '')?.zombie).toBe(true);
    expect(parseStat(9, 'garbage', '')).toBeUndefined();
  });
});
