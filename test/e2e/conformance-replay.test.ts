// A conformance run recorded with `emulator --record` in front of an emulator and replayed with
// `--replay` gives the same report: the probes read close codes, HTTP answers and the frames' very
// text (the indented layout included), so the cassettes must keep all three.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';

const emulator = emulatorsStoppedAfterAll();

async function report(baseUrl: string, key: string) {
  const result = await runCli(['conformance', '--json', '--yes', '--timeout', '10s'], {
    env: { GEMINI_API_KEY: key, GEMTOKEN_BASE_URL: baseUrl },
    timeoutMs: 60_000,
  });
  return { code: result.code, doc: JSON.parse(result.stdout) as Record<string, unknown> };
}

describe('gemtoken conformance through --record and --replay', () => {
  it('the replayed run reports what the recorded one did', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-conformance-cassettes-'));
    const upstream = await emulator(['--connection-lifetime', '3s']);
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    const recorded = await report(recorder.baseUrl, upstream.apiKeys[0]!);
    await recorder.stop();
    expect(recorded.code).toBe(0);
    const replayer = await emulator(['--replay', dir]);
    const replayed = await report(replayer.baseUrl, 'a-key-the-replayer-never-checks');
    expect(replayed.doc).toEqual(recorded.doc);
    expect(replayed.code).toBe(0);
    expect(replayer.log()).not.toContain('replay.mismatch');
  }, 90_000);
});
