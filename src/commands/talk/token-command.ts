// --token-command "<cmd>": talk's token comes from a command the user trusts (their backend's token
// endpoint through curl, or `gemtoken mint --output json` with a key file), run through the shell
// whenever a token is needed — the first one, and a fresh one for each resume the service refuses
// on a spent token (protocol.md §7 F1). The command gets talk's environment minus anything that
// looks like a secret (the API key has no business there), its output is never printed (it holds
// a token), and it must print a bare `auth_tokens/…` or one line of mint JSON.

import { spawn } from 'node:child_process';
import { childEnv } from '../../child-env.js';
import type { Clock } from '../../clock.js';
import type { EnvSnapshot } from '../../config.js';
import { AuthError, UsageError, type GemtokenError } from '../../errors.js';
import { parseTokenText, type TokenInfo } from './token.js';

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024;

export interface TokenCommandDeps {
  readonly env: EnvSnapshot;
  readonly cwd: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/** Pure: the command's environment — talk's own without API keys, tokens and other secrets. */
export function commandEnv(env: EnvSnapshot): Record<string, string> {
  return childEnv(env);
}

export async function runTokenCommand(command: string, deps: TokenCommandDeps): Promise<TokenInfo> {
  const stdout = await capture(command, deps);
  try {
    return { ...parseTokenText(stdout, '--token-command'), source: '--token-command' };
  } catch (error) {
    // parseTokenText's own hints talk about stdin; and the output itself must never be echoed.
    if (error instanceof UsageError) throw new UsageError('--token-command printed no token', 'it must print auth_tokens/… or one line of `gemtoken mint --output json`');
    throw error;
  }
}

function capture(command: string, deps: TokenCommandDeps): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    // detached: its own process group, so a timeout also stops what the shell started.
    const child = spawn(command, { shell: true, cwd: deps.cwd, env: commandEnv(deps.env), stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: GemtokenError | undefined): void => {
      if (done) return;
      done = true;
      cancel();
      deps.signal.removeEventListener('abort', onAbort);
      if (error) return reject(error);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const kill = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = (): void => {
      kill();
      finish(new AuthError('--token-command was interrupted'));
    };
    const cancel = deps.clock.setTimeout(() => {
      kill();
      finish(new AuthError(`--token-command did not finish within ${TIMEOUT_MS / 1000} s`, 'check the command by running it yourself'));
    }, TIMEOUT_MS);
    deps.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT) chunks.push(chunk);
    });
    child.on('error', (error) => finish(new AuthError(`--token-command could not be started: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return finish(undefined);
      finish(new AuthError(`--token-command failed (${signal ? `killed by ${signal}` : `exit ${code}`})`, 'run the command yourself to see why; its output is not shown because it may hold a token'));
    });
  });
}
