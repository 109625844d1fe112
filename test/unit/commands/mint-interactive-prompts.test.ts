// The real @inquirer/prompts behind the PromptPort, driven through in-memory streams as a terminal
// would: Enter takes the default, arrow keys move, validation messages render on the output (our
// stderr) and Ctrl-C or an abort become InterruptedError (exit 130), never a crash.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { Context } from '../../../src/context.js';
import { InterruptedError } from '../../../src/errors.js';
import { SecretRegistry } from '../../../src/redact.js';
import { systemClock } from '../../../src/clock.js';
import { createPromptPort } from '../../../src/terminal/mint-prompts.js';

function terminal(controller = new AbortController()) {
  const stdin = new PassThrough();
  let screen = '';
  let stdout = '';
  const stderr = new Writable({ write: (chunk, _e, done) => ((screen += String(chunk)), done()) });
  const out = new Writable({ write: (chunk, _e, done) => ((stdout += String(chunk)), done()) });
  const ctx = {
    env: {},
    stdin,
    stdout: out,
    stderr,
    isTTY: { stdin: true, stdout: true, stderr: true },
    cwd: '/',
    platform: 'linux',
    fetch: globalThis.fetch,
    clock: systemClock,
    signal: controller.signal,
    secrets: new SecretRegistry(),
    devices: {
      microphone: () => Promise.reject(new Error('unused')),
      speaker: () => Promise.reject(new Error('unused')),
    },
    verbose: false,
  } satisfies Context;
  /** Types keys one chunk at a time, letting the prompt render in between. */
  const type = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stdin.write(key);
    }
  };
  return { ctx, type, screen: () => screen, stdout: () => stdout, controller };
}

const ENTER = '\r';
const DOWN = '\x1b[B';

const choices = [
  { value: 'a', name: 'first' },
  { value: 'b', name: 'second' },
  { value: 'c', name: 'third' },
] as const;

describe('createPromptPort (real inquirer, fake terminal)', () => {
  it('select: Enter takes the default; arrow down moves; renders on stderr only', async () => {
    const t = terminal();
    const port = await createPromptPort(t.ctx);
    const first = port.select({ message: 'Pick', choices, default: 'b' });
    await t.type(ENTER);
    expect(await first).toBe('b');
    const second = port.select({ message: 'Pick again', choices, default: 'a' });
    await t.type(DOWN, DOWN, ENTER);
    expect(await second).toBe('c');
    expect(t.screen()).toContain('Pick again');
    expect(t.stdout()).toBe('');
  });

  it('input: default on Enter, typed text otherwise; validation shows the message and waits', async () => {
    const t = terminal();
    const port = await createPromptPort(t.ctx);
    const plain = port.input({ message: 'Lifetime', default: '30m' });
    await t.type(ENTER);
    expect(await plain).toBe('30m');
    const checked = port.input({
      message: 'Uses',
      validate: (v) => (/^\d+$/.test(v) ? true : `'${v}' is not a number`),
    });
    await t.type('x', ENTER);
    await vi.waitFor(() => expect(t.screen()).toContain("'x' is not a number"));
    await t.type('\x7f', '4', ENTER);
    expect(await checked).toBe('4');
  });

  it('Ctrl-C at a prompt is an InterruptedError (exit 130)', async () => {
    const t = terminal();
    const port = await createPromptPort(t.ctx);
    const answer = port.select({ message: 'Pick', choices }).catch((e: unknown) => e);
    await t.type('\x03');
    const error = await answer;
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
  });

  it('the command signal (SIGINT/SIGTERM) aborts a waiting prompt as InterruptedError', async () => {
    const t = terminal();
    const port = await createPromptPort(t.ctx);
    const answer = port.input({ message: 'Waiting' }).catch((e: unknown) => e);
    await t.type('ab');
    t.controller.abort(new InterruptedError());
    expect(await answer).toBeInstanceOf(InterruptedError);
  });
});
