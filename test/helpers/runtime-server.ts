// A web runtime serving gemtoken's Fetch handler as its user would run it: a project folder of its
// own whose node_modules/gemtoken is this repository (its built dist/, through package.json's
// exports, as after `npm install gemtoken`), and the runtime started as a child process. Every
// process of that tree (next start's workers, miniflare's workerd) carries a marker variable, so
// stop() ends all of them with the one process-tree mechanism (src/children/tree.ts) and then
// checks that none is left (test/helpers/processes.ts).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { endTree, RUN_MARKER } from '../../src/children/tree.js';
import { ROOT, scrubbedEnv } from './cli.js';
import { expectNoProcessLeft } from './processes.js';

export interface UserProject {
  readonly dir: string;
  remove(): void;
}

/**
 * A temporary project: package.json (an ES module package), `files` (relative paths), and
 * node_modules holding gemtoken and each of `packages` (names in this repository's node_modules).
 */
export function userProject(files: Readonly<Record<string, string>>, packages: readonly string[] = []): UserProject {
  if (!existsSync(path.join(ROOT, 'dist', 'fetch.js'))) throw new Error('dist/fetch.js is missing: npm run build');
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-runtime-'));
  const link = (name: string, target: string): void => {
    mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(target, path.join(dir, 'node_modules', name));
  };
  link('gemtoken', ROOT);
  for (const name of packages) link(name, path.join(ROOT, 'node_modules', name));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RuntimeServer {
  /** The first capture group of the ready pattern: where the server listens. */
  readonly url: string;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Ends its whole process tree and checks that no process of it is left. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly cwd: string;
  /** Added to the scrubbed environment (PATH, HOME, LANG); HOME is the project folder. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Matched against the output; its first group is the URL. */
  readonly ready: RegExp;
  readonly timeoutMs?: number;
}

interface Marked {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<void>;
  output(): string;
  /** Ends the whole tree (SIGKILL, in passes until none is found) and checks that none is left. */
  end(): Promise<void>;
}

/** Spawns `file` with a marker every descendant inherits, collecting stdout and stderr interleaved. */
function spawnMarked(file: string, args: readonly string[], options: Omit<StartOptions, 'ready'>): Marked {
  const marker = `runtime-${process.pid}-${randomBytes(8).toString('hex')}`;
  const child = spawn(file, [...args], {
    cwd: options.cwd,
    // HOME is the project: the runtimes' caches (Deno's, Bun's, Next's) stay in the temporary folder.
    env: scrubbedEnv({ HOME: options.cwd, ...options.env, [RUN_MARKER]: marker }),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdin.end();
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const end = async (): Promise<void> => {
    if (child.pid !== undefined) endTree(child.pid, marker, child.exitCode === null && child.signalCode === null);
    await exited;
    // endTree kills until none is found, so what is left now escaped it.
    await expectNoProcessLeft(marker, { graceMs: 0 });
  };
  return { child, exited, output: () => output, end };
}

export async function startServer(
  file: string,
  args: readonly string[],
  options: StartOptions,
): Promise<RuntimeServer> {
  const run = spawnMarked(file, args, options);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not ready in time')), options.timeoutMs ?? 20_000);
      const look = (): void => {
        const match = options.ready.exec(run.output());
        if (match?.[1] === undefined) return;
        clearTimeout(timer);
        resolve(match[1]);
      };
      run.child.stdout.on('data', look);
      run.child.stderr.on('data', look);
      run.child.once('error', reject);
      void run.exited.then(() => reject(new Error(`exited with ${run.child.exitCode ?? run.child.signalCode}`)));
    });
    return { url, output: run.output, stop: run.end };
  } catch (error) {
    await run.end();
    throw new Error(`${path.basename(file)} ${args.join(' ')}: ${(error as Error).message}\n${run.output()}`);
  }
}

/** Runs a program to its end (a build), its tree ended at the timeout; rejects unless it exits 0. */
export async function runToEnd(
  file: string,
  args: readonly string[],
  options: Omit<StartOptions, 'ready'> & { readonly timeoutMs: number },
): Promise<string> {
  const run = spawnMarked(file, args, options);
  // Past the time, the tree is ended; the exit code below then says it failed.
  const timer = setTimeout(() => void run.end().catch(() => undefined), options.timeoutMs);
  await run.exited;
  clearTimeout(timer);
  // What it left behind (a build's workers) ends with it.
  await run.end();
  const code = run.child.exitCode;
  if (code !== 0)
    throw new Error(
      `${path.basename(file)} ${args.join(' ')} ended with ${code ?? run.child.signalCode}:\n${run.output()}`,
    );
  return run.output();
}

export interface ServerGroup {
  readonly servers: readonly RuntimeServer[];
  output(): string;
  /** Stops every server (none may be left), then removes the projects. */
  close(): Promise<void>;
}

/** Servers started together: if one fails to start, the others are stopped before the error is thrown. */
export async function startGroup(
  projects: readonly UserProject[],
  starts: readonly Promise<RuntimeServer>[],
): Promise<ServerGroup> {
  const results = await Promise.allSettled(starts);
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async (): Promise<void> => {
    try {
      await Promise.all(servers.map((server) => server.stop()));
    } finally {
      for (const project of projects) project.remove();
    }
  };
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { servers, output: () => servers.map((server) => server.output()).join('\n'), close };
}
