// stopChild (src/children/stop.ts), the one way a child is ended: SIGTERM first, SIGKILL only
// when the grace period passes without an exit, our pipe ends released in every case, and it
// always settles, whatever the child does with the signals (a generated property over that).
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exitOf, stopChild } from '../../../src/children/stop.js';
import { FakeClock } from '../../fakes/fake-clock.js';

type Honours = 'SIGTERM' | 'SIGKILL' | 'nothing';

/** A child that exits `delayMs` after the first signal it honours (or never). */
function fakeChild(honours: Honours, delayMs: number, clock: FakeClock) {
  const sent: string[] = [];
  const child = Object.assign(new EventEmitter(), {
    pid: 4242,
    exitCode: null as number | null,
    signalCode: null as string | null,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    kill(signal: string) {
      sent.push(signal);
      const exits = honours === 'SIGTERM' || (honours === 'SIGKILL' && signal === 'SIGKILL');
      if (exits && child.signalCode === null && sent.filter((s) => s === signal).length === 1)
        clock.setTimeout(() => {
          child.signalCode = signal;
          child.emit('exit', null, signal);
        }, delayMs);
      return true;
    },
  });
  return { child: child as unknown as ChildProcess, sent };
}

async function settle(promise: Promise<void>, clock: FakeClock): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 20 && !done; i++) await clock.advanceAsync(250);
  return done;
}

describe('stopChild', () => {
  it('always settles, TERM before KILL, KILL only after the grace period passed, pipes released', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Honours>('SIGTERM', 'SIGKILL', 'nothing'),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 100, max: 1500 }),
        async (honours, delayMs, graceMs) => {
          const clock = new FakeClock();
          const { child, sent } = fakeChild(honours, delayMs, clock);
          const stopped = stopChild(child, exitOf(child), clock, graceMs);
          expect(await settle(stopped, clock)).toBe(true);
          expect(sent[0]).toBe('SIGTERM');
          const termWorked = honours === 'SIGTERM' && delayMs < graceMs;
          expect(sent.includes('SIGKILL')).toBe(!termWorked);
          expect(sent.length).toBeLessThanOrEqual(2);
          expect(child.stdout!.destroyed && child.stderr!.destroyed).toBe(true);
        },
      ),
      { seed: 22_001, numRuns: 150 },
    );
  });

  it('sends nothing to a child that is already gone', async () => {
    const clock = new FakeClock();
    const { child, sent } = fakeChild('SIGTERM', 0, clock);
    (child as unknown as { exitCode: number }).exitCode = 0;
    await stopChild(child, exitOf(child), clock, 1000);
    expect(sent).toEqual([]);
    expect(child.stdout!.destroyed).toBe(true);
  });
});
