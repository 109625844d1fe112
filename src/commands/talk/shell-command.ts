// Runs a user's command through the shell for talk (--token-command, --tool-command), the one way:
// its own process group (detached) so a timeout or a cancel also stops whatever the shell started,
// the timeout on the injected clock, an environment the caller has already stripped of secrets,
// output capped, and stderr not shown (it may echo what stdout holds). Never rejects.

import { spawn } from 'node:child_process';
import type { Clock } from '../../clock.js';

export type ShellResult =
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly truncated: boolean }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'spawn-error'; readonly message: string };

export interface ShellOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly maxOutput: number;
  /** Written to the command's stdin, which is then closed; without it stdin is /dev/null. */
  readonly stdin?: string;
}

export interface ShellRun {
  readonly done: Promise<ShellResult>;
  /** Kills the process group; `done` settles as cancelled. */
  cancel(): void;
}

export function runShell(command: string, options: ShellOptions): ShellRun {
  const child = spawn(command, { shell: true, cwd: options.cwd, env: options.env, stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'], detached: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let settle!: (result: ShellResult) => void;
  let settled = false;
  const done = new Promise<ShellResult>((resolve) => (settle = resolve));
  const finish = (result: ShellResult): void => {
    if (settled) return;
    settled = true;
    cancelTimer();
    settle(result);
  };
  const kill = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const cancelTimer = options.clock.setTimeout(() => {
    kill();
    finish({ kind: 'timeout' });
  }, options.timeoutMs);
  if (options.stdin !== undefined && child.stdin) {
    // A command that never reads its stdin must not fail the run with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin);
  }
  child.stdout?.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= options.maxOutput) chunks.push(chunk);
  });
  child.on('error', (error) => finish({ kind: 'spawn-error', message: error.message }));
  child.on('close', (code, signal) => finish({ kind: 'exit', code, signal, stdout: Buffer.concat(chunks).toString('utf8'), truncated: size > options.maxOutput }));
  return {
    done,
    cancel: () => {
      if (settled) return;
      kill();
      finish({ kind: 'cancelled' });
    },
  };
}
