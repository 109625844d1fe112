// The recorder learns a client's key the moment the request carrying it arrives, and every cassette
// line after that (any field, any form of the key) is scrubbed of it: the fuzz suite's recorder
// property found a key from a Live session's ?key=, lower-cased and '_'-separated in a REST request's
// header sent while the upstream had not yet accepted the session, in rest.ndjson.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';

const LIVE = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const emulator = emulatorsStoppedAfterAll();
const held: Socket[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const socket of held) socket.destroy();
  for (const server of servers) server.close();
});

/** An upstream that answers every REST request 200 and holds every upgrade unanswered (so the recorder has written no line of it). */
async function holdingUpstream(): Promise<{ baseUrl: string; upgrades: string[] }> {
  const upgrades: string[] = [];
  const server = createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  server.on('upgrade', (req, socket: Socket) => {
    upgrades.push(req.url ?? '');
    held.push(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upgrades };
}

const cassettes = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));

describe('gemtoken emulator --record: keys learned as they arrive', () => {
  it("a Live session's ?key=, still waiting on the upstream, is scrubbed from a later REST request's header values, header names and body field names", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-rec-secrets-'));
    const upstream = await holdingUpstream();
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    const client = new WebSocket(`${recorder.baseUrl.replace('http', 'ws')}${LIVE}?key=${CANARY_KEY}`);
    client.on('error', () => undefined);
    // The recorder has the upgrade (it forwarded it); the upstream has not answered, so no line of it is written yet.
    await expect.poll(() => upstream.upgrades.length).toBe(1);
    const split = CANARY_KEY.toLowerCase()
      .match(/.{1,4}/g)!
      .join('_');
    const answer = await fetch(`${recorder.baseUrl}/v1beta/files`, {
      method: 'PUT',
      headers: { 'x-a': `null${split}null`, [`x-${CANARY_KEY}`]: '1', 'content-type': 'application/json' },
      body: JSON.stringify({ [CANARY_KEY]: 'field name', note: `said ${split}` }),
    });
    expect(answer.status).toBe(200);
    await expect.poll(() => cassettes(dir)['rest.ndjson'] ?? '').toContain('"kind":"rest-response"');
    client.terminate();
    await recorder.stop();
    expectNoCanary({ ...cassettes(dir), log: recorder.log() });
    expect(cassettes(dir)['rest.ndjson']).toContain('"x-a":"null<redacted>null"');
  });
});
