// Runs a user's command through the shell for talk (--token-command, --tool-command), the one way:
// its own session and process group (detached), a marker variable every descendant inherits, and
// when the run ends — exit, timeout or cancel — its whole process tree ends too (tree.ts), so a
// `setsid` grandchild cannot outlive the call. The timeout is on the injected clock, the
// environment the launcher's allow-list, output capped, and stderr not shown (it may echo what
// stdout holds). Never rejects.

import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { ChildLauncher } from './launcher.js';
import type { Reaper } from './reaper.js';
import { endLeftovers, endTree, RUN_MARKER } from './tree.js';

export type ShellResult =
  | {
      readonly kind: 'exit';
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly stdout: string;
      readonly truncated: boolean;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'spawn-error'; readonly message: string };

export interface ShellOptions {
  readonly cwd: string;
  readonly children: ChildLauncher;
  /** Set in the command's environment besides the allow-list (GEMTOKEN_TOOL_NAME…). */
  readonly set?: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly maxOutput: number;
  /** Written to the command's stdin, which is then closed; without it stdin is /dev/null. */
  readonly stdin?: string;
  /** Ends what a run left after a normal exit, batched; without one, at once. */
  readonly reaper?: Reaper;
}

export interface ShellRun {
  readonly done: Promise<ShellResult>;
  /** Kills the process tree; `done` settles as cancelled. */
  cancel(): void;
}

let runs = 0;

export function runShell(command: string, options: ShellOptions): ShellRun {
  const marker = `${process.pid}-${++runs}-${randomBytes(8).toString('hex')}`;
  const child = options.children.shell(command, {
    cwd: options.cwd,
    set: { ...options.set, [RUN_MARKER]: marker },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'],
    detached: true,
  });
  const chunks: Buffer[] = [];
  let size = 0;
  let settle!: (result: ShellResult) => void;
  let settled = false;
  const done = new Promise<ShellResult>((resolve) => (settle = resolve));
  const endAll = (): void => {
    if (child.pid !== undefined) endTree(child.pid, marker, child.exitCode === null && child.signalCode === null);
  };
  const finish = (result: ShellResult): void => {
    if (settled) return;
    settled = true;
    cancelTimer();
    settle(result);
  };
  const cancelTimer = options.clock.setTimeout(() => {
    endAll();
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
  child.on('close', (code, signal) => {
    if (settled) return; // a timeout or cancel has ended the tree already
    finish({
      kind: 'exit',
      code,
      signal,
      stdout: Buffer.concat(chunks).toString('utf8'),
      truncated: size > options.maxOutput,
    });
    // What the command left running (a background job, a setsid daemon) ends with the call.
    if (options.reaper) options.reaper.afterExit(marker);
    else endLeftovers([marker]);
  });
  return {
    done,
    cancel: () => {
      if (settled) return;
      endAll();
      finish({ kind: 'cancelled' });
    },
  };
}
