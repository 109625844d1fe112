// `gemtoken emulator` as a child process (the real binary, its own CPU), ready line parsed.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BIN, PEERS, ROOT, benchEnv } from './paths.js';

export interface LoopStats {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface EmulatorChild {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly process: ChildProcess;
  /** Probe only (startEmulatorProbe): the emulator's event-loop delay since the last call. */
  loopStats(): Promise<LoopStats>;
  stop(): Promise<void>;
}

/** The emulator with a probe of its event loop (peers/emulator-probe.mjs), same server code; `options`: more createEmulatorServer options (record, replay). */
export function startEmulatorProbe(maxSessions: number, options: Record<string, unknown> = {}): Promise<EmulatorChild> {
  return startEmulatorChild([], [path.join(PEERS, 'emulator-probe.mjs'), String(maxSessions), JSON.stringify(options)]);
}

export async function startEmulatorChild(
  args: readonly string[] = [],
  command: readonly string[] = [BIN, 'emulator', '--port', '0', ...args],
): Promise<EmulatorChild> {
  // The request log goes to /dev/null: a pipe nobody reads would fill and stall the emulator.
  const child = spawn(process.execPath, command, { cwd: ROOT, env: benchEnv(), stdio: ['pipe', 'pipe', 'ignore'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve) => (lines.length > 0 ? resolve(lines.shift()!) : waiting.push(resolve)));
  const ready = await new Promise<{ baseUrl: string; apiKeys: string[] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench: the emulator did not start within 15 s')), 15_000);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`bench: the emulator exited with ${code}`));
    };
    child.once('exit', onExit);
    void nextLine().then((line) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      try {
        resolve(JSON.parse(line));
      } catch (error) {
        reject(error);
      }
    });
  });
  return {
    baseUrl: ready.baseUrl,
    apiKey: ready.apiKeys[0]!,
    process: child,
    loopStats: async () => {
      child.stdin!.write('stats\n');
      return JSON.parse(await nextLine()) as LoopStats;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU seconds (user + system) a child has used so far, from /proc (Linux only; NaN elsewhere). */
export async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  try {
    const { readFile } = await import('node:fs/promises');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); here offset by the two before ')'.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
