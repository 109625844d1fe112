// Starts `gemtoken serve` (the built binary) on port 0 and reads its ready line; the test talks to it
// over HTTP and reads everything it printed, for the canary check.

import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';

export interface ServeHandle {
  readonly url: string;
  /** The emulator's, with --emulator. */
  readonly baseUrl: string | undefined;
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeHandle> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: scrubbedEnv(env),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ url: string; baseUrl?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 15_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)));
      } catch (error) {
        reject(error);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url: ready.url,
    baseUrl: ready.baseUrl,
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () => {
      // Once only: a second signal means "now" to gemtoken (exit 130 without the orderly stop).
      if (child.exitCode === null && !child.killed) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}
