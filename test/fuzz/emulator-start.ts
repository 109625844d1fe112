// Starts `gemtoken emulator` with a file the case wrote (a --replay directory, a --scenario) and
// tells apart the two good outcomes: it refused the file before listening (exit 2, one line naming
// the place, never its content), or it listens, survives a probe that plays into the file, and
// stops with exit 0 on one SIGTERM.

import { expect } from 'vitest';
import { LiveTestClient } from '../helpers/live-client.js';
import { hasStack, start, type Running } from '../security/stop-once.js';
import { LIVE_PATH, PROBE_SETUP, PROBE_TEXT } from './emulator-files.js';
import { MARKER } from './file-contents.js';
import type { Measured } from './harness.js';
import { exitWithin, expectCleanExit, sigtermTimed } from './watch.js';

const KEY = 'fuzz-probe-key-0123456789';

/** The ready line's baseUrl, or undefined once the process has exited (bounded: 15 s). */
async function readyOrExit(run: Running): Promise<string | undefined> {
  await expect
    .poll(() => run.child.exitCode !== null || run.stdout().includes('\n'), { timeout: 15_000, interval: 20 })
    .toBe(true);
  if (!run.stdout().includes('\n')) return undefined;
  return (JSON.parse(run.stdout().split('\n')[0]!) as { baseUrl: string }).baseUrl;
}

/** A mint and a Live session that play what the file recorded or scripts; each bounded to a few seconds. */
async function probe(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/v1alpha/auth_tokens`, {
    method: 'POST',
    headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(3_000),
  })
    .then((res) => res.text())
    .catch(() => undefined);
  const client = await LiveTestClient.open(`${baseUrl.replace('http', 'ws')}${LIVE_PATH}?key=${KEY}`);
  client.send(PROBE_SETUP);
  client.send(PROBE_TEXT);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.closed, new Promise((resolve) => (timer = setTimeout(resolve, 3_000)))]);
  clearTimeout(timer);
  client.ws.terminate();
}

export async function emulatorWithFile(args: readonly string[], measured: Measured): Promise<void> {
  const run = start(['emulator', '--port', '0', '--api-key', KEY, ...args], { stdin: 'ignore' });
  const baseUrl = await readyOrExit(run);
  if (baseUrl === undefined) {
    const result = await exitWithin(run, 1_000);
    expectCleanExit(result, [2]);
    expect(result.stderr, 'the error quotes the file').not.toContain(MARKER);
    return;
  }
  try {
    await probe(baseUrl);
    expect(run.child.exitCode, `the emulator died: ${run.stderr().slice(-600)}`).toBeNull();
  } finally {
    const stopped = await sigtermTimed(run);
    measured.max('sigterm-exit-ms', stopped.ms);
    expect({ hung: stopped.hung, code: stopped.code }, stopped.stderr.slice(-600)).toEqual({ hung: false, code: 0 });
    expect(hasStack(stopped.stderr), stopped.stderr.slice(-600)).toBe(false);
  }
}
