// CPU time a process has used (user + system), from /proc: a figure that a loaded machine bends far
// less than wall-clock throughput, since waiting for a core is not counted. Linux only; elsewhere
// undefined and the rows say so.

import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on every Linux that gemtoken runs on). */
const TICKS_PER_SECOND = 100;

export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  try {
    // Fields after the command name (which may hold spaces), counted from the state field (3rd).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** `fn`'s run, with the CPU microseconds `pid` spent per item over it (undefined off Linux). */
export async function perItemCpu<T>(
  pid: number | undefined,
  items: number,
  fn: () => Promise<T>,
): Promise<{ result: T; cpuUs: number | undefined }> {
  const before = cpuMs(pid);
  const result = await fn();
  const after = cpuMs(pid);
  return {
    result,
    cpuUs: before === undefined || after === undefined ? undefined : ((after - before) * 1000) / items,
  };
}

export const fmtUs = (us: number | undefined): string => (us === undefined ? 'n/a' : `${Math.round(us)} µs`);
