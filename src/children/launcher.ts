// Every child process gemtoken starts is started here, and only here (test/unit/children/
// spawn-sites.test.ts keeps it so): the one place that builds a child's environment (env.ts: the
// allow-list, the user's --pass-env names, what gemtoken sets) and hands it to spawn, so no path can
// forget it. A package that spawns on its own (`mic`) runs inside during(), which swaps process.env
// for the child's for that synchronous call and catches the ChildProcess it made.

import { execFile, spawn, type ChildProcess, type ExecFileOptions, type SpawnOptions } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import type { EnvSnapshot } from '../config.js';
import { childEnv } from './env.js';
import { definedProps } from '../defined-props.js';

export type LaunchOptions = Omit<SpawnOptions, 'env'> & {
  /** Variables gemtoken sets for this child (they win over inherited ones). */
  readonly set?: Readonly<Record<string, string>>;
};

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildLauncher {
  /** The environment a child gets: allow-listed and --pass-env'd variables, plus `set`. */
  env(set?: Readonly<Record<string, string>>): Record<string, string>;
  spawn(file: string, args: readonly string[], options?: LaunchOptions): ChildProcess;
  /** `command` through the shell (talk's --token-command and --tool-command). */
  shell(command: string, options?: LaunchOptions): ChildProcess;
  /** Runs a program to its end; a non-zero exit is an answer, only a failed start (ENOENT…) rejects. */
  run(
    file: string,
    args: readonly string[],
    options?: Omit<ExecFileOptions, 'env' | 'encoding'> & Pick<LaunchOptions, 'set'>,
  ): Promise<ExecResult>;
  /** Runs `start` (which spawns through a package) with the child environment; returns the child it spawned. */
  during(start: () => void): ChildProcess | undefined;
}

/** The launcher of one command: `parent` is its environment, `pass` the names it was told to pass on. */
export function childLauncher(parent: EnvSnapshot, pass: readonly string[] = []): ChildLauncher {
  const env = (set?: Readonly<Record<string, string>>): Record<string, string> =>
    childEnv(parent, { pass, ...definedProps({ set }) });
  const launch = (file: string, args: readonly string[], options: LaunchOptions = {}): ChildProcess => {
    const { set, ...rest } = options;
    return spawn(file, [...args], { ...rest, env: env(set) });
  };
  return {
    env,
    spawn: launch,
    shell: (command, options = {}) => launch(command, [], { ...options, shell: true }),
    run: (file, args, { set, ...options } = {}) =>
      new Promise((resolve, reject) => {
        execFile(file, [...args], { ...options, env: env(set), encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number' && !error.killed) return reject(error);
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
        });
      }),
    during: (start) => {
      let child: ChildProcess | undefined;
      const onChild = (message: unknown): void => {
        child ??= (message as { process: ChildProcess }).process;
      };
      // spawn reads process.env synchronously inside start(): a child-only copy for that call is enough.
      const saved = process.env;
      diagnostics.subscribe('child_process', onChild);
      try {
        process.env = env();
        start();
      } finally {
        process.env = saved;
        diagnostics.unsubscribe('child_process', onChild);
      }
      return child;
    },
  };
}
