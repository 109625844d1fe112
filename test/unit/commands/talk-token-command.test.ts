// --token-command: its environment is the child allow-list plus GEMTOKEN_BASE_URL (talk's service);
// its output becomes a token or one clear error that never echoes what it printed.
import { describe, expect, it } from 'vitest';
import { childLauncher } from '../../../src/children/launcher.js';
import { runTokenCommand } from '../../../src/commands/talk/token-command.js';
import { resolveTalkOptions } from '../../../src/commands/talk/options.js';
import { ExitCode, type GemtokenError } from '../../../src/errors.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const deps = (env: Record<string, string> = {}, pass: string[] = []) => ({
  children: childLauncher({ PATH: process.env.PATH!, ...env }, pass),
  baseUrl: 'http://127.0.0.1:9/talks-here',
  cwd: process.cwd(),
  clock: new FakeClock(),
  signal: new AbortController().signal,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as GemtokenError,
  );

describe('runTokenCommand', () => {
  it('reads a bare token', async () => {
    expect(await runTokenCommand('echo auth_tokens/abc123', deps())).toMatchObject({
      name: 'auth_tokens/abc123',
      source: '--token-command',
    });
  });

  it('reads a line of mint JSON, with its times and version', async () => {
    const json = JSON.stringify({ name: 'auth_tokens/xyz', expireTime: '2026-12-01T00:30:00Z', apiVersion: 'v1beta' });
    expect(await runTokenCommand(`printf '%s\\n' '${json}'`, deps())).toMatchObject({
      name: 'auth_tokens/xyz',
      apiVersion: 'v1beta',
      expiresAt: Date.parse('2026-12-01T00:30:00Z'),
    });
  });

  it('does not see GEMINI_API_KEY', async () => {
    expect(
      (await runTokenCommand('echo "auth_tokens/k${GEMINI_API_KEY:-none}"', deps({ GEMINI_API_KEY: 'AIzaSECRET' })))
        .name,
    ).toBe('auth_tokens/knone');
  });

  it("sees GEMTOKEN_BASE_URL = talk's service (not the one in the environment), and a --pass-env'd variable", async () => {
    const command = 'echo "auth_tokens/${GEMTOKEN_BASE_URL##*/}-${DB_PASS:-none}-${MY_PROXY:-none}"';
    const token = await runTokenCommand(
      command,
      deps({ GEMTOKEN_BASE_URL: 'http://elsewhere/env', DB_PASS: 'p', MY_PROXY: 'proxy' }, ['MY_PROXY']),
    );
    expect(token.name).toBe('auth_tokens/talks-here-none-proxy');
  });

  it('a failing command: exit 3, nothing of its output in the message', async () => {
    const error = await failure(runTokenCommand('echo auth_tokens/leak; exit 4', deps()));
    expect(error).toMatchObject({ exitCode: ExitCode.auth, message: '--token-command failed (exit 4)' });
    expect(`${error!.message} ${error!.hint}`).not.toContain('leak');
  });

  it('output that is not a token: exit 2, not echoed', async () => {
    const error = await failure(runTokenCommand('echo AIzaSyNOTATOKEN', deps()));
    expect(error).toMatchObject({ exitCode: ExitCode.usage, message: '--token-command printed no token' });
  });

  it('a command that hangs is stopped after its time limit (on the injected clock)', async () => {
    const d = deps();
    const pending = failure(runTokenCommand('sleep 30', d));
    await new Promise((resolve) => setTimeout(resolve, 50));
    d.clock.advance(30_000);
    expect(await pending).toMatchObject({
      exitCode: ExitCode.auth,
      message: expect.stringMatching(/did not finish within 30 s/),
    });
  });
});

describe('--token-command in the options', () => {
  it('provides the first token when no --token is given, ahead of a token in the environment', () => {
    expect(resolveTalkOptions({ tokenCommand: 'x' }, { GEMTOKEN_TOKEN: 'auth_tokens/env' })).toMatchObject({
      tokenSource: { kind: 'command' },
      tokenCommand: 'x',
    });
    expect(resolveTalkOptions({ tokenCommand: 'x', token: 'auth_tokens/t' }, {})).toMatchObject({
      tokenSource: { kind: 'flag' },
      tokenCommand: 'x',
    });
  });

  it('an empty command is a usage error', () => {
    expect(() => resolveTalkOptions({ tokenCommand: ' ' }, {})).toThrow(/--token-command is empty/);
  });
});
