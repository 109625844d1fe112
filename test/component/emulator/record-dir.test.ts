// The cassette writer's side: the directory is checked before anything is written
// (a symlinked or odd cassette refused), cassettes are created 0600 and opened without following a
// link, and a cassette that cannot be written is reported once to the owner, not dropped.
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CassetteWriter } from '../../../src/emulator/record/writer.js';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-recdir-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('CassetteWriter and its directory', () => {
  it('refuses a symlinked live cassette before reading or writing anything', async () => {
    const dir = fresh();
    symlinkSync(path.join(fresh(), 'x'), path.join(dir, 'live-0001.ndjson'));
    await expect(CassetteWriter.open(dir)).rejects.toThrow(
      `--record: "${path.join(dir, 'live-0001.ndjson')}" is a symbolic link; cassettes are never written through one`,
    );
  });

  it('creates cassettes 0600 and leaves no probe behind', async () => {
    const dir = fresh();
    const writer = await CassetteWriter.open(dir);
    writer.rest().write({ t: 0, dir: 'client', kind: 'rest-request', id: 1, method: 'POST', path: '/x', headers: {} });
    const live = writer.session();
    live.write({ t: 0, dir: 'client', kind: 'open', path: '/ws/x', headers: {} });
    live.end();
    await writer.close();
    expect(readdirSync(dir).sort()).toEqual(['live-0001.ndjson', 'rest.ndjson']);
    for (const name of ['rest.ndjson', 'live-0001.ndjson'])
      expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('a link planted after the start is not followed: the failure is reported once', async () => {
    const dir = fresh();
    const target = path.join(fresh(), 'elsewhere');
    const failures: string[] = [];
    const writer = await CassetteWriter.open(dir, { onFailure: (error) => failures.push(error.message) });
    symlinkSync(target, path.join(dir, 'live-0001.ndjson'));
    const live = writer.session();
    live.write({ t: 0, dir: 'client', kind: 'open', path: '/ws/x', headers: {} });
    live.write({ t: 1, dir: 'client', kind: 'frame', json: {} });
    await expect.poll(() => failures).toEqual([`cannot write ${path.join(dir, 'live-0001.ndjson')} (ELOOP)`]);
    await writer.close();
    expect(() => statSync(target)).toThrow();
  });
});
