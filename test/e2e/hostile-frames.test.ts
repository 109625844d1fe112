// One WebSocket message nested 50,000 levels deep, sent without any credential, killed
// `gemtoken emulator --replay` and `--record` (exit 1, RangeError stack). Through the built binary:
// that socket closes 1007 and the same process keeps serving the next session; a tool schema too
// deep is 1007 (not 1011), one within the bound still sets up; a scenario pattern that backtracks
// exponentially (`/(a+)+$/`) against a long text answers at once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { emulatorsStoppedAfterAll, type EmulatorHandle } from '../helpers/emulator.js';
import { KEY_PATH, LiveTestClient } from '../helpers/live-client.js';

const MODEL = 'models/gemini-3.8-live';
const DEPTH = 50_000;
const DEEP_FRAMES = {
  array: `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`,
  object: `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`,
};
const emulator = emulatorsStoppedAfterAll();
const wsUrl = (emu: EmulatorHandle, query = ''): string => `${emu.baseUrl.replace('http', 'ws')}${KEY_PATH}${query}`;

/** Sends one raw frame on a fresh socket (no credential unless `query` has one); resolves with the close code. */
function closeCodeAfter(url: string, frame: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(frame));
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

/** A tool schema `levels` objects deep: {type: OBJECT, properties: {a: …}}, each level two JSON levels. */
function deepSchema(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'STRING' };
  for (let i = 0; i < levels; i++) schema = { type: 'OBJECT', properties: { a: schema } };
  return schema;
}
const toolSetup = (levels: number) => ({
  model: MODEL,
  tools: [{ functionDeclarations: [{ name: 'f', parameters: deepSchema(levels) }] }],
});

let plain: EmulatorHandle;
let replayer: EmulatorHandle;
let recorder: EmulatorHandle;

beforeAll(async () => {
  plain = await emulator();
  // One recorded session: its setup answered with setupComplete.
  const cassettes = mkdtempSync(path.join(tmpdir(), 'gemtoken-hostile-replay-'));
  const lines = [
    { t: 0, dir: 'client', kind: 'open', path: `${KEY_PATH}?key=<redacted>`, headers: {} },
    { t: 5, dir: 'client', kind: 'frame', json: { setup: { model: MODEL } } },
    { t: 6, dir: 'server', kind: 'frame', json: { setupComplete: {} } },
    { t: 50, dir: 'client', kind: 'close', code: 1000, reason: '' },
  ];
  writeFileSync(path.join(cassettes, 'live-0001.ndjson'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  replayer = await emulator(['--replay', cassettes]);
  recorder = await emulator([
    '--record',
    mkdtempSync(path.join(tmpdir(), 'gemtoken-hostile-record-')),
    '--upstream',
    plain.baseUrl,
  ]);
}, 60_000);

describe('a frame nested 50,000 levels deep', () => {
  it.each(['emulator', 'replay', 'record'] as const)(
    '%s: closes that socket 1007 and goes on serving',
    async (which) => {
      const emu = { emulator: plain, replay: replayer, record: recorder }[which];
      for (const frame of Object.values(DEEP_FRAMES)) {
        // Without any credential (the emulator, and the recorder's upstream, refuse that first: 1008;
        // the replayer holds no keys), and with one: neither reaches a recursive walk.
        expect(await closeCodeAfter(wsUrl(emu), frame)).toBe(which === 'replay' ? 1007 : 1008);
        expect(await closeCodeAfter(wsUrl(emu, `?key=${plain.apiKeys[0]!}`), frame)).toBe(1007);
      }
      const next = await LiveTestClient.open(wsUrl(emu, `?key=${plain.apiKeys[0]!}`));
      await next.setup({ model: MODEL });
      next.ws.close(1000);
      expect(emu.process.exitCode).toBeNull();
      expect(emu.log()).not.toMatch(/RangeError|Maximum call stack/);
    },
    60_000,
  );
});

describe('a deep tool schema in the setup', () => {
  it('deeper than the bound: 1007, as for any frame too deep (was 1011)', async () => {
    const client = await LiveTestClient.open(wsUrl(plain, `?key=${plain.apiKeys[0]!}`));
    client.send({ setup: toolSetup(1000) });
    expect((await client.closed).code).toBe(1007);
  });

  it('within the bound (30 schema levels): set up as before', async () => {
    const client = await LiveTestClient.open(wsUrl(plain, `?key=${plain.apiKeys[0]!}`));
    await client.setup(toolSetup(30));
    client.ws.close(1000);
  });
});

describe('a scenario pattern that backtracks exponentially', () => {
  it('/(a+)+$/ against 50,000 characters answers at once, and the emulator goes on serving', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-hostile-scenario-')), 'redos.yaml');
    writeFileSync(file, "turns:\n  - expect: { text: '/(a+)+$/' }\n    model: { reply: matched }\n");
    const emu = await emulator(['--scenario', file]);
    const key = `?key=${emu.apiKeys[0]!}`;
    const miss = await LiveTestClient.open(wsUrl(emu, key));
    await miss.setup({ model: MODEL });
    miss.send({
      clientContent: { turns: [{ role: 'user', parts: [{ text: `${'a'.repeat(50_000)}b` }] }], turnComplete: true },
    });
    expect(await miss.closed).toMatchObject({ code: 1007, reason: expect.stringContaining('redos.yaml') });
    const hit = await LiveTestClient.open(wsUrl(emu, key));
    await hit.setup({ model: MODEL });
    hit.send({
      clientContent: { turns: [{ role: 'user', parts: [{ text: 'a'.repeat(50_000) }] }], turnComplete: true },
    });
    await hit.waitFor((m) => m.serverContent?.turnComplete === true);
    hit.ws.close(1000);
  }, 60_000);
});
