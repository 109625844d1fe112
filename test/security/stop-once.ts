// Helpers for "one signal is enough": spawn the built binary, wait until it is
// really blocked on what the case is about (a FIFO, a silent stdin), send ONE signal, and see
// whether it exits on its own before a generous bound — after which we SIGKILL and call it a hang.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { expect } from 'vitest';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';

/** A loaded 2-core machine: far above the 1 s promise, only to tell "exited" from "hung". */
export const HANG_BOUND_MS = 3_000;

export interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
}

export interface Stopped {
  /** True when the bound passed and we had to SIGKILL: the defect. */
  readonly hung: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** stdin stays an open pipe nobody writes to (a silent `sleep 99 | gemtoken …`) unless `stdin: 'ignore'`. */
export function start(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: 'pipe' | 'ignore' } = {},
): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: scrubbedEnv(options.env),
    cwd: options.cwd ?? ROOT,
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin?.on('error', () => undefined);
  return { child, pid: child.pid!, stdout: () => stdout, stderr: () => stderr };
}

/** Sends `signal` once; resolves when the process has exited, or SIGKILLs it after the bound. */
export async function stopOnce(run: Running, signal: NodeJS.Signals): Promise<Stopped> {
  const { child } = run;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('close', (code, sig) => resolve({ code, signal: sig }));
  });
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_BOUND_MS)));
  const first = await Promise.race([exited, bound]);
  clearTimeout(timer);
  if (first === 'hung') {
    child.kill('SIGKILL');
    const killed = await exited;
    return { hung: true, ...killed, stdout: run.stdout(), stderr: run.stderr() };
  }
  return { hung: false, ...first, stdout: run.stdout(), stderr: run.stderr() };
}

/** Kernel wait channels of a thread stuck in a FIFO/pipe syscall (open waiting for a partner, read, write). */
const PIPE_WAITS = new Set([
  'wait_for_partner',
  'pipe_read',
  'pipe_write',
  'pipe_wait',
  'anon_pipe_read',
  'anon_pipe_write',
  'fifo_open',
]);

/**
 * True once `pid` is blocked on `target` (a FIFO path, or 'stdin'): either one of its threads sleeps
 * in a FIFO/pipe syscall (the defect's state: a libuv thread in open/read), or the target's fd sits
 * in the process's epoll set (the fixed state: waiting for data the event-loop way).
 */
export function blockedOn(pid: number, target: string): boolean {
  const tasks = list(`/proc/${pid}/task`);
  if (tasks.some((task) => PIPE_WAITS.has(read(`/proc/${pid}/task/${task}/wchan`).trim()))) return true;
  const want = target === 'stdin' ? undefined : realpathSync(target);
  const fds = list(`/proc/${pid}/fd`);
  const targetFds = fds.filter((fd) => (want === undefined ? fd === '0' : link(`/proc/${pid}/fd/${fd}`) === want));
  const polled = new Set<string>();
  for (const fd of fds.filter((fd) => link(`/proc/${pid}/fd/${fd}`) === 'anon_inode:[eventpoll]')) {
    for (const match of read(`/proc/${pid}/fdinfo/${fd}`).matchAll(/^tfd:\s+(\d+)/gm)) polled.add(match[1]!);
  }
  return targetFds.some((fd) => polled.has(fd));
}

/** Polls until `ready()`; fails naming what the process said if it never gets there (or exited). */
export async function waitUntil(run: Running, ready: () => boolean, what: string): Promise<void> {
  await expect
    .poll(() => (run.child.exitCode !== null ? `exited ${run.child.exitCode}: ${run.stderr()}` : ready()), {
      timeout: 15_000,
      interval: 25,
      message: what,
    })
    .toBe(true);
}

/**
 * A writer that connects to the FIFO once a reader has it open, and then stays silent: returns its
 * fd (close it at the end). `undefined` until a reader is there (ENXIO).
 */
export function connectSilentWriter(fifo: string): number | undefined {
  try {
    return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
    throw error;
  }
}

export function closeQuietly(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/** Stack frames ("    at fn (file:line)") anywhere in the output. */
export const hasStack = (text: string): boolean => /^\s+at .+[:(]/m.test(text);

/** The lines a stopped run left on stderr, minus the "waiting for a reader" notice a FIFO output gives. */
export function stopLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !/waiting for a reader/.test(line));
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

function link(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '';
  }
}
