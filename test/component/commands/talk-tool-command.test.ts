// --tool-command with a real shell and a FakeClock: the handler gets the call on stdin and its name in
// GEMTOKEN_TOOL_NAME but no secrets; a timeout (on the injected clock) and a cancellation kill its whole
// process group; failures are {"error"} answers.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childLauncher } from '../../../src/children/launcher.js';
import { toolCommandHandler } from '../../../src/commands/talk/tool-command.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-tool-'));
const env = {
  PATH: process.env.PATH!,
  HOME: dir,
  GEMINI_API_KEY: CANARY_KEY,
  GOOGLE_API_KEY: CANARY_KEY,
  GEMTOKEN_TOKEN: 'auth_tokens/secret',
};
const handler = (command: string, clock = new FakeClock()) =>
  toolCommandHandler(command, { children: childLauncher(env), cwd: dir, clock, timeoutMs: 10_000 });
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('--tool-command', () => {
  it('stdin carries {"id","name","args"}; GEMTOKEN_TOOL_NAME is set; no key or token in its environment', async () => {
    const out = path.join(dir, 'seen');
    const run = handler(`cat > ${out}.stdin; env > ${out}.env; printf '{"temp":3}'`)({
      id: 'c1',
      name: 'get_weather',
      args: { city: 'Oslo' },
    });
    expect(await run.result).toEqual({ response: { temp: 3 } });
    expect(JSON.parse(readFileSync(`${out}.stdin`, 'utf8'))).toEqual({
      id: 'c1',
      name: 'get_weather',
      args: { city: 'Oslo' },
    });
    const seen = readFileSync(`${out}.env`, 'utf8');
    expect(seen).toMatch(/^GEMTOKEN_TOOL_NAME=get_weather$/m);
    expect(seen).not.toMatch(/GEMINI_API_KEY|GOOGLE_API_KEY|GEMTOKEN_TOKEN|auth_tokens\/secret/);
    expectNoCanary({ handlerEnv: seen });
  });

  it.each([
    ['a non-zero exit', 'echo \'{"a":1}\'; exit 3', 'the tool handler failed (exit 3)'],
    ['invalid JSON', 'echo sunny and warm', 'the tool handler printed invalid JSON'],
    ['no output', 'true', 'the tool handler printed nothing'],
    ['a command that is not there', 'definitely-not-a-command-xyz', 'the tool handler failed (exit 127)'],
  ])('%s → an error answer', async (_name, command, message) => {
    expect(await handler(command)({ id: 'x', name: 'f', args: {} }).result).toEqual({
      response: { error: message },
      error: true,
    });
  });

  it('a command that ignores its stdin is fine', async () => {
    expect(await handler('echo 42')({ id: 'x', name: 'f', args: { big: 'y'.repeat(200_000) } }).result).toEqual({
      response: { output: 42 },
    });
  });

  it('a hanging handler times out on the injected clock; its process group (the shell and its child) is killed', async () => {
    const clock = new FakeClock();
    const pids = path.join(dir, 'hang.pids');
    const run = handler(`sleep 60 & echo $$ $! > ${pids}; wait`, clock)({ id: 'h', name: 'hang', args: {} });
    await expect
      .poll(() => existsSync(pids) && readFileSync(pids, 'utf8').trim().split(' ').length === 2, { timeout: 5000 })
      .toBe(true);
    const [shell, sleeper] = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
    clock.advance(9_999);
    expect(alive(sleeper!)).toBe(true);
    clock.advance(1);
    expect(await run.result).toEqual({
      response: { error: 'the tool handler did not finish within 10 s' },
      error: true,
    });
    await expect.poll(() => [alive(shell!), alive(sleeper!)], { timeout: 5000 }).toEqual([false, false]);
  });

  it('cancel() kills the process group', async () => {
    const pids = path.join(dir, 'cancel.pids');
    const run = handler(`sleep 60 & echo $! > ${pids}; wait`)({ id: 'c', name: 'slow', args: {} });
    await expect.poll(() => existsSync(pids) && readFileSync(pids, 'utf8').trim() !== '', { timeout: 5000 }).toBe(true);
    const sleeper = Number(readFileSync(pids, 'utf8').trim());
    run.cancel();
    expect((await run.result).error).toBe(true);
    await expect.poll(() => alive(sleeper), { timeout: 5000 }).toBe(false);
  });
});
