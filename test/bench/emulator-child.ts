// `gemtoken emulator` as a child process (the real binary, its own CPU), ready line parsed.

import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT, benchEnv } from './paths.js';

export interface EmulatorChild {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startEmulatorChild(args: readonly string[] = []): Promise<EmulatorChild> {
  // The request log goes to /dev/null: a pipe nobody reads would fill and stall the emulator.
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], { cwd: ROOT, env: benchEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
  const ready = await new Promise<{ baseUrl: string; apiKeys: string[] }>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('bench: the emulator did not start within 15 s')), 15_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buffered.slice(0, newline)));
      } catch (error) {
        reject(error);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: the emulator exited with ${code}`));
    });
  });
  child.stdout!.resume();
  return {
    baseUrl: ready.baseUrl,
    apiKey: ready.apiKeys[0]!,
    process: child,
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
