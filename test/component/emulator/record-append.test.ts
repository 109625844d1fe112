// The cassette writer over a directory that already holds a recording: it reads it first,
// and Live numbers, REST ids and placeholders carry on; a directory whose cassettes replay could not
// load is refused before anything is written.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import { CassetteWriter } from '../../../src/emulator/record/writer.js';
import { loadCassettes } from '../../../src/emulator/replay/load.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'gemtoken-append-'));
const lines = (dir: string, name: string) =>
  readFileSync(path.join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** One recording: a mint of `token` (REST id `id`), then a session opened with it. */
async function record(dir: string, token: string, id: number): Promise<CassetteWriter> {
  const writer = await CassetteWriter.open(dir);
  const rest = writer.rest();
  rest.write({
    t: 0,
    dir: 'client',
    kind: 'rest-request',
    id,
    method: 'POST',
    path: '/v1alpha/auth_tokens?key=k3y-s3cret',
    headers: {},
    body: {},
  });
  rest.write({
    t: 1,
    dir: 'server',
    kind: 'rest-response',
    id,
    status: 200,
    headers: {},
    body: { name: `auth_tokens/${token}` },
  });
  const live = writer.session();
  live.write({ t: 0, dir: 'client', kind: 'open', path: `/ws/m?access_token=auth_tokens/${token}`, headers: {} });
  live.write({ t: 1, dir: 'client', kind: 'frame', json: { setup: { model: 'models/m' } } });
  live.end();
  await writer.close();
  return writer;
}

describe('CassetteWriter over an existing recording', () => {
  it('starts from nothing in a new directory, and after the first recording in the same one', async () => {
    const dir = fresh();
    expect((await record(dir, 'tokenone', 1)).continued).toEqual({ live: 0, restId: 0, placeholder: 0 });
    expect((await record(dir, 'tokentwo', 2)).continued).toEqual({ live: 1, restId: 1, placeholder: 1 });
    expect(readdirSync(dir).sort()).toEqual(['live-0001.ndjson', 'live-0002.ndjson', 'rest.ndjson']);
    expect(lines(dir, 'rest.ndjson').map((l) => [l['kind'], l['id'], JSON.stringify(l['body'])])).toEqual([
      ['rest-request', 1, '{}'],
      ['rest-response', 1, '{"name":"auth_tokens/<placeholder-1>"}'],
      ['rest-request', 2, '{}'],
      ['rest-response', 2, '{"name":"auth_tokens/<placeholder-2>"}'],
    ]);
    expect(lines(dir, 'live-0002.ndjson')[0]!['path']).toBe('/ws/m?access_token=auth_tokens/<placeholder-2>');
    // What replay makes of it: two exchanges, each session linked to its own mint.
    const loaded = await loadCassettes(dir);
    expect(loaded.rest.map((r) => JSON.stringify(r.response['body']))).toEqual([
      '{"name":"auth_tokens/<placeholder-1>"}',
      '{"name":"auth_tokens/<placeholder-2>"}',
    ]);
    expect(loaded.live.map((c) => [c.file, c.placeholder])).toEqual([
      ['live-0001.ndjson', 1],
      ['live-0002.ndjson', 2],
    ]);
  });

  it('puts the first new line on a line of its own when rest.ndjson ends without a newline', async () => {
    const dir = fresh();
    writeFileSync(
      path.join(dir, 'rest.ndjson'),
      '{"t":0,"dir":"client","kind":"rest-request","id":5,"method":"POST","path":"/p"}',
    );
    expect((await record(dir, 'tokenone', 6)).continued).toEqual({ live: 0, restId: 5, placeholder: 0 });
    expect(lines(dir, 'rest.ndjson').map((l) => l['id'])).toEqual([5, 6, 6]);
  });

  it.each([
    [
      'rest.ndjson',
      '{"t":0,"dir":"client","kind":"rest-request","id":1}\n{"t":1,"dir":"server","ki',
      'rest.ndjson line 2 is not a cassette line',
    ],
    ['live-0003.ndjson', 'not json\n', 'live-0003.ndjson line 1 is not a cassette line'],
    [
      'live-0001.ndjson',
      '{"dir":"client","kind":"open"}\n',
      'live-0001.ndjson line 1 is not a cassette line (no "t" or "kind")',
    ],
  ])('refuses a directory whose %s replay could not load, and writes nothing', async (name, text, message) => {
    const dir = fresh();
    writeFileSync(path.join(dir, name), text);
    await expect(CassetteWriter.open(dir)).rejects.toThrow(EmulatorOptionError);
    await expect(CassetteWriter.open(dir)).rejects.toThrow(`--record: cannot append to "${dir}": ${message}`);
    expect(readdirSync(dir)).toEqual([name]);
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe(text);
  });

  it('refuses a cassette it cannot read, naming it; other files are not its business', async () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'notes.txt'), 'not a cassette, not read');
    expect((await CassetteWriter.open(dir)).continued).toEqual({ live: 0, restId: 0, placeholder: 0 });
    // A directory where a cassette should be: refused before anything is read or written.
    mkdirSync(path.join(dir, 'live-0002.ndjson'));
    await expect(CassetteWriter.open(dir)).rejects.toThrow(
      `--record: "${path.join(dir, 'live-0002.ndjson')}" is not a regular file`,
    );
  });

  it("--replay still pairs a directory recorded twice before ids carried on (both runs restarted at 1): each request with its own run's answer", async () => {
    const dir = fresh();
    const exchange = (id: number, status: number) =>
      `{"t":0,"dir":"client","kind":"rest-request","id":${id},"method":"POST","path":"/v1alpha/auth_tokens"}\n{"t":1,"dir":"server","kind":"rest-response","id":${id},"status":${status}}\n`;
    writeFileSync(path.join(dir, 'rest.ndjson'), exchange(1, 200) + exchange(1, 429) + exchange(2, 200));
    expect((await loadCassettes(dir)).rest.map((r) => r.response['status'])).toEqual([200, 429, 200]);
  });

  it('close() waits for a session file ended just before it: the recorder stopping right after a session ends keeps its lines', async () => {
    const dir = fresh();
    const writer = await CassetteWriter.open(dir);
    const session = writer.session();
    session.write({ t: 0, dir: 'client', kind: 'open', path: '/ws/m', headers: {} });
    session.end();
    await writer.close();
    expect(lines(dir, 'live-0001.ndjson')).toEqual([{ t: 0, dir: 'client', kind: 'open', path: '/ws/m', headers: {} }]);
  });
});
