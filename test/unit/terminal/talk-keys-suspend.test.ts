import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openKeySource } from '../../../src/terminal/key-source.js';
import { createSuspender, type ProcessLike } from '../../../src/terminal/suspend.js';
import { FakeClock } from '../../fakes/fake-clock.js';

describe('openKeySource', () => {
  const stdin = Object.assign(new PassThrough(), { setRawMode: () => undefined });
  const base = { stdin, signal: new AbortController().signal };

  it('stdin when it is a free terminal; none when a terminal stdin is busy (a token typed at it)', async () => {
    expect((await openKeySource({ ...base, stdinIsTTY: true, stdinFree: true, stderrIsTTY: true }))?.from).toBe(
      'stdin',
    );
    expect(
      await openKeySource({
        ...base,
        stdinIsTTY: true,
        stdinFree: false,
        stderrIsTTY: true,
        openTty: () => Promise.reject(new Error('not asked')),
      }),
    ).toBeUndefined();
  });

  it('a piped stdin: /dev/tty only when stderr is a terminal; no controlling terminal → no keys', async () => {
    let asked = 0;
    const openTty = () => ((asked += 1), Promise.reject(Object.assign(new Error('ENXIO'), { code: 'ENXIO' })));
    expect(
      await openKeySource({ ...base, stdinIsTTY: false, stdinFree: false, stderrIsTTY: false, openTty }),
    ).toBeUndefined();
    expect(asked).toBe(0);
    expect(
      await openKeySource({ ...base, stdinIsTTY: false, stdinFree: false, stderrIsTTY: true, openTty }),
    ).toBeUndefined();
    expect(asked).toBe(1);
  });

  it('a /dev/tty that is not a terminal is closed and not used', async () => {
    const notTty = new PassThrough();
    expect(
      await openKeySource({
        ...base,
        stdinIsTTY: false,
        stdinFree: true,
        stderrIsTTY: true,
        openTty: () => Promise.resolve(notTty),
      }),
    ).toBeUndefined();
    expect(notTty.destroyed).toBe(true);
  });
});

describe('createSuspender', () => {
  const fakeProcess = (platform = 'linux') => {
    const log: string[] = [];
    const listeners = new Set<() => void>();
    const proc: ProcessLike = {
      platform,
      kill: (pid, signal) => void log.push(`kill ${pid} ${signal}`),
      on: (_event, listener) => void listeners.add(listener),
      off: (_event, listener) => void listeners.delete(listener),
    };
    return { proc, log, cont: () => [...listeners].forEach((listener) => listener()), listeners };
  };

  it('restores the terminal, then stops the process group; SIGCONT takes the terminal back once', () => {
    const { proc, log, cont, listeners } = fakeProcess();
    const clock = new FakeClock();
    const suspender = createSuspender({ leave: () => log.push('leave'), enter: () => log.push('enter') }, clock, proc);
    suspender.suspend();
    suspender.suspend(); // a second \x1a before the stop took effect
    expect(log).toEqual(['leave', 'kill 0 SIGTSTP']);
    cont();
    clock.advance(1000);
    expect(log).toEqual(['leave', 'kill 0 SIGTSTP', 'enter']);
    expect(listeners.size).toBe(0);
  });

  it('a stop the kernel discarded (orphaned process group): the terminal is taken back anyway', () => {
    const { proc, log } = fakeProcess();
    const clock = new FakeClock();
    createSuspender({ leave: () => log.push('leave'), enter: () => log.push('enter') }, clock, proc).suspend();
    clock.advance(1000);
    expect(log).toEqual(['leave', 'kill 0 SIGTSTP', 'enter']);
  });

  it('does nothing on Windows (no job control)', () => {
    const { proc, log } = fakeProcess('win32');
    createSuspender(
      { leave: () => log.push('leave'), enter: () => log.push('enter') },
      new FakeClock(),
      proc,
    ).suspend();
    expect(log).toEqual([]);
  });
});
