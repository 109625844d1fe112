// --token-command "<cmd>": talk's token comes from a command the user trusts (their backend's token
// endpoint through curl, or `gemtoken mint --output json` with a key file), run through the shell
// whenever a token is needed — the first one, and a fresh one for each resume the service refuses
// on a spent token (quirk `resume-costs-use`). The command gets the child environment (the allow-list and
// talk's --pass-env: never the API key unless the user passes it) plus GEMTOKEN_BASE_URL = the
// service talk talks to, so a `gemtoken mint` in it mints for the same service. Its output is never
// printed (it holds a token), and it must print a bare `auth_tokens/…` or one line of mint JSON.

import type { ChildLauncher } from '../../children/launcher.js';
import { runShell } from '../../children/shell.js';
import type { Clock } from '../../clock.js';
import { AuthError, UsageError } from '../../errors.js';
import { parseTokenText, type TokenInfo } from './token.js';

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024;

export interface TokenCommandDeps {
  readonly children: ChildLauncher;
  readonly baseUrl: string;
  readonly cwd: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

export async function runTokenCommand(command: string, deps: TokenCommandDeps): Promise<TokenInfo> {
  const stdout = await capture(command, deps);
  try {
    return { ...parseTokenText(stdout, '--token-command'), source: '--token-command' };
  } catch (error) {
    // parseTokenText's own hints talk about stdin; and the output itself must never be echoed.
    if (error instanceof UsageError)
      throw new UsageError(
        '--token-command printed no token',
        'it must print auth_tokens/… or one line of `gemtoken mint --output json`',
      );
    throw error;
  }
}

async function capture(command: string, deps: TokenCommandDeps): Promise<string> {
  if (deps.signal.aborted) throw new AuthError('--token-command was interrupted');
  const run = runShell(command, {
    cwd: deps.cwd,
    children: deps.children,
    set: { GEMTOKEN_BASE_URL: deps.baseUrl },
    clock: deps.clock,
    timeoutMs: TIMEOUT_MS,
    maxOutput: MAX_OUTPUT,
  });
  const onAbort = (): void => run.cancel();
  deps.signal.addEventListener('abort', onAbort, { once: true });
  const result = await run.done.finally(() => deps.signal.removeEventListener('abort', onAbort));
  switch (result.kind) {
    case 'exit':
      if (result.code === 0) return result.stdout;
      throw new AuthError(
        `--token-command failed (${result.signal ? `killed by ${result.signal}` : `exit ${result.code}`})`,
        'run the command yourself to see why; its output is not shown because it may hold a token',
      );
    case 'timeout':
      throw new AuthError(
        `--token-command did not finish within ${TIMEOUT_MS / 1000} s`,
        'check the command by running it yourself',
      );
    case 'cancelled':
      throw new AuthError('--token-command was interrupted');
    case 'spawn-error':
      throw new AuthError(`--token-command could not be started: ${result.message}`);
  }
}
