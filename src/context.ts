// The one injected Context (docs/architecture.md, "Ports"): commands get stdio, env, clock, fetch and device
// factories from here, so tests can pass fakes. Nothing else reads process.env or process.stdout.

import type { Readable, Writable } from 'node:stream';
import type { DeviceFactories } from './audio/ports.js';
import { systemClock, type Clock } from './clock.js';
import type { EnvSnapshot } from './config.js';
import { SecretRegistry } from './redact.js';

export interface Context {
  readonly env: EnvSnapshot;
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly isTTY: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  /** Aborted on SIGINT/SIGTERM; long-running commands unwind through their disposers. */
  readonly signal: AbortSignal;
  /** Every secret the command learns (API key, tokens) is added here and scrubbed from output. */
  readonly secrets: SecretRegistry;
  readonly devices: DeviceFactories;
  /** --verbose / DEBUG: stack traces and request logs (still redacted). */
  readonly verbose: boolean;
}

export interface ProcessLike {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  platform: NodeJS.Platform;
  cwd(): string;
}

const lazyDevices: DeviceFactories = {
  async microphone(options) {
    const { createMicrophone } = await import('./audio/devices/devices.js');
    return createMicrophone(options);
  },
  async speaker(options) {
    const { createSpeaker } = await import('./audio/devices/devices.js');
    return createSpeaker(options);
  },
};

/**
 * The secrets the environment puts in play, known from the first line any command writes: an error
 * raised before a command resolves its key (a bad --tools file, a bad flag) is scrubbed of it too.
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv): SecretRegistry {
  const secrets = new SecretRegistry();
  for (const name of ['GEMINI_API_KEY', 'GOOGLE_API_KEY']) secrets.add(env[name]?.trim());
  for (const name of ['GEMTOKEN_TOKEN', 'GEMINI_EPHEMERAL_TOKEN']) secrets.addToken(env[name]?.trim());
  return secrets;
}

export function createProcessContext(proc: ProcessLike, signal: AbortSignal, verbose: boolean): Context {
  return {
    env: { ...proc.env },
    stdin: proc.stdin,
    stdout: proc.stdout,
    stderr: proc.stderr,
    isTTY: {
      stdin: Boolean(proc.stdin.isTTY),
      stdout: Boolean(proc.stdout.isTTY),
      stderr: Boolean(proc.stderr.isTTY),
    },
    cwd: proc.cwd(),
    platform: proc.platform,
    // node:http instead of undici for gemtoken's own requests (src/token/client/node-fetch.ts says why);
    // loaded on the first request so that --help stays cheap.
    fetch: async (input, init) => (await import('./token/client/node-fetch.js')).nodeFetch(input, init),
    clock: systemClock,
    signal,
    secrets: secretsFromEnv(proc.env),
    devices: lazyDevices,
    verbose,
  };
}
