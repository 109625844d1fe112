// Shared bits of the mint e2e tests: admin calls on the emulator and the output checks every run gets.

import { expect } from 'vitest';
import { hasStackTrace, type RunResult } from '../helpers/cli.js';
import type { EmulatorHandle } from '../helpers/emulator.js';

export async function admin(emu: EmulatorHandle, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.baseUrl}/emulator/${path}`, {
    method,
    headers: { 'x-goog-api-key': emu.apiKeys[0]!, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

export async function requestCount(emu: EmulatorHandle): Promise<number> {
  return ((await admin(emu, 'GET', 'requests')) as { total: number }).total;
}

export async function resetEmulator(emu: EmulatorHandle): Promise<void> {
  await admin(emu, 'DELETE', 'faults');
  await admin(emu, 'DELETE', 'requests');
}

export interface StoredToken {
  name: string;
  apiVersion: string;
  expireTime: string;
  newSessionExpireTime: string;
  uses: number;
  setup?: Record<string, unknown>;
  fieldMask?: string | string[];
}

/** The emulator's record of a token (GET /emulator/tokens), if it has one. */
export async function findStoredToken(emu: EmulatorHandle, name: string): Promise<StoredToken | undefined> {
  const { tokens } = (await admin(emu, 'GET', 'tokens')) as { tokens: StoredToken[] };
  return tokens.find((t) => t.name === name);
}

export async function storedToken(emu: EmulatorHandle, name: string): Promise<StoredToken> {
  const token = await findStoredToken(emu, name);
  expect(token, `token ${name} stored by the emulator`).toBeDefined();
  return token!;
}

/**
 * A failure prints one line (plus an optional hint line) and no stack trace. Warnings and the retry
 * progress notices (`HTTP 503; retrying in 250ms (retry 1 of 2)`) may precede it.
 */
export function expectOneLineFailure(result: RunResult, exitCode: number, message?: RegExp): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(hasStackTrace(result)).toBe(false);
  expect(result.stdout).toBe('');
  const lines = result.stderr
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('warning:') && !/; retrying in \S+ \(retry \d+ of \d+\)$/.test(l));
  expect(lines.length, result.stderr).toBeGreaterThanOrEqual(1);
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
  expect(lines[0]).toMatch(/^gemtoken: /);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
  if (message) expect(lines[0]).toMatch(message);
}
