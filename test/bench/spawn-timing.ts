// Wall time of whole processes, measured in alternating rounds so that machine noise (other work on
// the CPU, frequency changes) lands on every contender alike.

import { spawnSync } from 'node:child_process';
import { ROOT } from './paths.js';

export interface Contender {
  readonly name: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** Throws when a run did not do the job (wrong exit code or output): a fast failure is no win. */
  readonly check?: (stdout: string) => void;
}

export function timeOnce(contender: Contender): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, contender.args, {
    cwd: ROOT,
    env: contender.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(
      `bench: ${contender.name} exited ${result.status ?? result.signal}: ${result.stderr.slice(0, 300)}`,
    );
  contender.check?.(result.stdout);
  return elapsed;
}

/** One warm-up run each (page cache), then `rounds` rounds of every contender in turn. */
export function alternate(contenders: readonly Contender[], rounds: number): Map<string, number[]> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) timeOnce(c);
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) times.get(c.name)!.push(timeOnce(c));
  }
  return times;
}
