// The demo runs the real binary as a user would (`gemtoken emulator`, `gemtoken mint`,
// `gemtoken talk`), each a child process. Every child is killed when the demo ends or is
// interrupted, so no emulator outlives it.

import type { ChildProcess } from 'node:child_process';
import { BIN_PATH } from '../bin-path.js';
import { childLauncher } from '../../children/launcher.js';
import { exitOf, stopChild } from '../../children/stop.js';
import { systemClock } from '../../clock.js';
import type { EnvSnapshot } from '../../config.js';
import { NetworkError } from '../../errors.js';
import { parseJson } from '../../parse/json.js';
import { definedProps } from '../../defined-props.js';

export interface Children {
  /** Runs `gemtoken <args>`; resolves with its exit code (a signal counts as 130). */
  run(args: readonly string[], io: ChildIo): Promise<number>;
  /** Starts `gemtoken emulator --port 0` and waits for its ready line. */
  emulator(onLog: (text: string) => void): Promise<{ baseUrl: string; apiKey: string }>;
  /** Kills whatever is still running and waits until it has exited (so nothing outlives the demo). */
  dispose(): Promise<void>;
}

export interface ChildIo {
  /** Set for this child besides the allow-listed environment (the mint child's key). */
  readonly set?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  readonly onStdout: (text: string) => void;
  readonly onStderr: (text: string) => void;
}

export function createChildren(cwd: string, signal: AbortSignal, env: EnvSnapshot, pass: readonly string[]): Children {
  const launcher = childLauncher(env, pass);
  const live = new Set<ChildProcess>();
  const start = (args: readonly string[], set?: Readonly<Record<string, string>>): ChildProcess => {
    const child = launcher.spawn(process.execPath, [BIN_PATH, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...definedProps({ set }),
    });
    live.add(child);
    child.on('exit', () => live.delete(child));
    return child;
  };
  const killAll = (): void => live.forEach((child) => child.kill('SIGTERM'));
  signal.addEventListener('abort', killAll, { once: true });

  return {
    run(args, io) {
      const child = start(args, io.set);
      child.stdout!.setEncoding('utf8').on('data', io.onStdout);
      child.stderr!.setEncoding('utf8').on('data', io.onStderr);
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(io.stdin ?? '');
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code ?? 130));
      });
    },
    emulator(onLog) {
      const child = start(['emulator', '--port', '0']);
      child.stderr!.setEncoding('utf8').on('data', onLog);
      child.stdin!.end();
      return new Promise((resolve, reject) => {
        let buffered = '';
        child.once('error', reject);
        child.once('exit', (code) =>
          reject(new NetworkError(`the demo emulator stopped before it was ready (exit ${code})`)),
        );
        child.stdout!.setEncoding('utf8').on('data', (text: string) => {
          buffered += text;
          const newline = buffered.indexOf('\n');
          if (newline < 0) return;
          const parsed = parseJson(buffered.slice(0, newline));
          const ready = parsed.ok ? (parsed.value as { baseUrl?: unknown; apiKeys?: unknown } | null) : null;
          const apiKey = Array.isArray(ready?.apiKeys) ? (ready.apiKeys[0] as unknown) : undefined;
          if (typeof ready?.baseUrl === 'string' && typeof apiKey === 'string')
            resolve({ baseUrl: ready.baseUrl, apiKey });
          else reject(new NetworkError('the demo emulator printed no ready line'));
        });
      });
    },
    async dispose() {
      signal.removeEventListener('abort', killAll);
      await Promise.all([...live].map((child) => stop(child)));
    },
  };
}

const KILL_AFTER_MS = 3_000;

const stop = (child: ChildProcess): Promise<void> => stopChild(child, exitOf(child), systemClock, KILL_AFTER_MS);
