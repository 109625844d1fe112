// `gemtoken/testing`: the emulator as a test double for an app's own suite. Framework-neutral on
// purpose (no vitest or jest import): the user calls it from their own hooks — start once
// (beforeAll), reset per test (beforeEach), stop at the end (afterAll). While it runs, the
// variables an app or the SDK reads point at it, and stop() puts back what was there.

import { startEmulator, type StartEmulatorOptions } from './index.js';

/** The variables set while a test emulator runs: gemtoken's, the official SDK's, and the key. */
export const TEST_ENV_VARS = ['GEMTOKEN_BASE_URL', 'GOOGLE_GEMINI_BASE_URL', 'GEMINI_API_KEY'] as const;

export interface TestEmulator {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** A key the emulator accepts (the first of `apiKeys`). */
  readonly apiKey: string;
  /** The values set in process.env while running (also handy for a spawned child's env). */
  readonly env: Readonly<Record<(typeof TEST_ENV_VARS)[number], string>>;
  /**
   * Forgets tokens, sessions, request counts and faults: call it in beforeEach. With `replay`, every
   * cassette can be replayed again (open sessions close 1001); with `record`, nothing to forget.
   */
  reset(): Promise<void>;
  /** Stops the emulator and restores process.env as it was before start. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartTestEmulatorOptions extends StartEmulatorOptions {
  /** Set TEST_ENV_VARS in process.env while running (default true). */
  readonly setEnv?: boolean;
}

/** Starts an in-process emulator on a free port for a test suite. */
export async function startTestEmulator(options: StartTestEmulatorOptions = {}): Promise<TestEmulator> {
  const { setEnv = true, ...emulatorOptions } = options;
  const emulator = await startEmulator(emulatorOptions);
  const apiKey = emulator.apiKeys[0]!;
  const env = { GEMTOKEN_BASE_URL: emulator.baseUrl, GOOGLE_GEMINI_BASE_URL: emulator.baseUrl, GEMINI_API_KEY: apiKey };
  // What was there before (undefined: absent), so stop() restores absence too, not an empty string.
  const saved = new Map<string, string | undefined>();
  if (setEnv) {
    for (const name of TEST_ENV_VARS) {
      saved.set(name, process.env[name]);
      process.env[name] = env[name];
    }
  }
  let stopping: Promise<void> | undefined;
  return {
    baseUrl: emulator.baseUrl,
    apiKey,
    env,
    reset: () => emulator.reset(),
    stop: () =>
      (stopping ??= (async () => {
        try {
          await emulator.close();
        } finally {
          for (const [name, value] of saved) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
          }
        }
      })()),
  };
}
