// Starts `gemtoken emulator` as a child process on port 0 and reads its ready line.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { BIN, ROOT, scrubbedEnv } from './cli.js';

export interface EmulatorHandle {
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
  /** The whole ready line (baseUrl, apiKeys, profile, quirks). */
  readonly ready: Record<string, unknown>;
  readonly process: ChildProcess;
  /** Everything the emulator wrote to stderr so far (its request log). */
  log(): string;
  stop(): Promise<number | null>;
}

export async function spawnEmulator(
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<EmulatorHandle> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], {
    env: scrubbedEnv(env),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = await new Promise<{ baseUrl: string; apiKeys: string[] } & Record<string, unknown>>(
    (resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 15_000);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        buffered += d;
        const newline = buffered.indexOf('\n');
        if (newline >= 0) {
          clearTimeout(timer);
          try {
            resolve(JSON.parse(buffered.slice(0, newline)));
          } catch (error) {
            reject(error);
          }
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`emulator exited with ${code}: ${stderr}`));
      });
    },
  );
  return {
    baseUrl: ready.baseUrl,
    apiKeys: ready.apiKeys,
    ready,
    process: child,
    log: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * spawnEmulator for the suite it is called in: every emulator it starts is stopped after that
 * suite's tests (call it at a file's top level or inside a describe).
 */
export function emulatorsStoppedAfterAll(): (
  args?: readonly string[],
  env?: Record<string, string>,
) => Promise<EmulatorHandle> {
  const started: EmulatorHandle[] = [];
  afterAll(async () => {
    await Promise.all(started.map((handle) => handle.stop()));
  });
  return async (args = [], env = {}) => {
    const handle = await spawnEmulator(args, env);
    started.push(handle);
    return handle;
  };
}
