// The three emulator servers the hostile clients meet, started once per file: the emulator itself,
// a recorder in front of a second emulator, and a replayer of a recording of the health probe. After
// each batch the probe (a Live session: setup, a text turn, the model's whole answer) must still work.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import { fuzzIt } from './harness.js';
import { batchArb, sendBatch } from './raw-clients.js';
import { emulatorsStoppedAfterAll, type EmulatorHandle } from '../helpers/emulator.js';
import { KEY_PATH, LiveTestClient } from '../helpers/live-client.js';

export const SERVER_KEY = 'fuzz-servers-key-0123456789abcdef';
export type Target = 'emulator' | 'recorder' | 'replayer';
/** Where the recorder writes its cassettes (one recorder per test file). */
export const RECORD_DIR = mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-record-'));

/** Setup, a text turn, and its model answer to turnComplete; throws if the session does not work. */
export async function probeSession(baseUrl: string): Promise<void> {
  const client = await LiveTestClient.open(`${baseUrl.replace('http', 'ws')}${KEY_PATH}?key=${SERVER_KEY}`);
  try {
    await client.setup({ model: 'models/gemini-3.8-live' });
    client.send({ realtimeInput: { text: 'health probe' } });
    await client.waitFor((m) => m.serverContent?.turnComplete === true, 15_000);
  } finally {
    client.ws.terminate();
  }
}

/** Starts the servers before the file's tests (stopped after them); `server(target)` gives one that is
 * running, restarted if an earlier case killed it, so every case (and every shrinking step) starts
 * from a live server and a failure is that case's own. */
export function serversForFile(): (target: Target) => Promise<EmulatorHandle> {
  const emulator = emulatorsStoppedAfterAll();
  const handles = new Map<Target, EmulatorHandle>();
  const args = new Map<Target, string[]>();
  beforeAll(async () => {
    const upstream = await emulator(['--api-key', SERVER_KEY]);
    const probeDir = mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-probe-'));
    const probeRecorder = await emulator(['--record', probeDir, '--upstream', upstream.baseUrl]);
    await probeSession(probeRecorder.baseUrl);
    await probeRecorder.stop();
    args.set('emulator', ['--api-key', SERVER_KEY]);
    args.set('recorder', ['--record', RECORD_DIR, '--upstream', upstream.baseUrl]);
    args.set('replayer', ['--replay', probeDir, '--replay-speed', '0', '--api-key', SERVER_KEY]);
  }, 60_000);
  return async (target) => {
    const running = handles.get(target);
    if (running && running.process.exitCode === null && running.process.signalCode === null) return running;
    const handle = await emulator(args.get(target)!);
    handles.set(target, handle);
    return handle;
  };
}

/** The server is alive and the probe works (the replayer is reset first: each probe replays the recording). */
export async function expectStillServing(handle: EmulatorHandle, target: Target): Promise<void> {
  const error = /^\w*Error: .*$/m.exec(handle.log())?.[0];
  expect(handle.process.exitCode, `the ${target} died: ${error ?? handle.log().slice(-800)}`).toBeNull();
  if (target === 'replayer') {
    const reset = await fetch(`${handle.baseUrl}/emulator/reset`, {
      method: 'POST',
      headers: { 'x-goog-api-key': SERVER_KEY },
      signal: AbortSignal.timeout(5_000),
    });
    expect(reset.status).toBe(200);
  }
  await probeSession(handle.baseUrl);
}

/** The property for each target: any batch of hostile clients, then the server is alive and serves the probe. */
export function survivesHostileClients(targets: readonly Target[]): void {
  describe('emulator servers against hostile clients', () => {
    const server = serversForFile();
    for (const target of targets) {
      fuzzIt(
        `${target}: survives any batch of hostile frames and REST requests, and serves the next session`,
        batchArb,
        async (batch) => {
          const handle = await server(target);
          await sendBatch(handle.baseUrl, batch, SERVER_KEY);
          await expectStillServing(handle, target);
        },
        { caseMs: 25_000 },
      );
    }
  });
}
