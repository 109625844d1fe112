// RunningEmulator.fetch (rest/in-process.ts): the emulator's own request listener without a socket,
// as `gemtoken serve --emulator` mints through it. Its answers must be those HTTP gives (status,
// headers, body), and it must keep the log line, the token store, the request counts and the faults.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorServer, type RunningEmulator } from '../../../src/emulator/index.js';

const KEY = 'in-process-key-0123456789abcdef';
/** Added by the transport, not the emulator. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

let emu: RunningEmulator;
let lines: string[];
beforeEach(async () => {
  lines = [];
  emu = await createEmulatorServer({
    host: '127.0.0.1',
    port: 0,
    apiKeys: [KEY],
    log: { format: 'json', write: (line) => void lines.push(line) },
  });
});
afterEach(async () => emu.close());

async function seen(response: Response): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const headers = [...response.headers].filter(([name]) => !TRANSPORT.has(name)).sort();
  return { status: response.status, headers, body: await response.text() };
}

function mintInit(body: string): RequestInit {
  return { method: 'POST', headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' }, body };
}

const requestLines = (): Record<string, unknown>[] =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.event === 'request');

describe('RunningEmulator.fetch', () => {
  it('mints with no socket (an origin nobody listens on), into the store, counted and logged', async () => {
    const response = await emu.fetch('http://unreachable.invalid/v1alpha/auth_tokens', mintInit('{"uses":1}'));
    expect(response.status).toBe(200);
    const { name } = (await response.json()) as { name: string };
    expect(name).toMatch(/^auth_tokens\/[0-9a-f]{64}$/);
    const tokens = await fetch(`${emu.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': KEY } });
    expect(await tokens.text()).toContain(name);
    const counts = await fetch(`${emu.baseUrl}/emulator/requests`, { headers: { 'x-goog-api-key': KEY } });
    expect(await counts.text()).toContain('/v1alpha/auth_tokens');
    await expect
      .poll(() => requestLines()[0])
      .toMatchObject({ method: 'POST', path: '/v1alpha/auth_tokens', status: 200 });
  });

  it.each([
    ['a bad body', '/v1alpha/auth_tokens', mintInit('{"uses": ')],
    ['an unknown field', '/v1alpha/auth_tokens', mintInit('{"nope": 1}')],
    ['no key', '/v1alpha/auth_tokens', { method: 'POST', body: '{}' }],
    ['a wrong method', '/v1beta/auth_tokens', { method: 'GET', headers: { 'x-goog-api-key': KEY } }],
    ['an unknown path', '/v1alpha/nowhere', { method: 'POST', body: '{}' }],
    ['a preflight', '/v1alpha/auth_tokens', { method: 'OPTIONS', headers: { origin: 'https://app.example' } }],
  ])('answers %s as HTTP does: status, headers, body', async (_what, path, init) => {
    const overHttp = await seen(await fetch(`${emu.baseUrl}${path}`, init));
    const inProcess = await seen(await emu.fetch(`http://unreachable.invalid${path}`, init));
    expect(inProcess).toEqual(overHttp);
  });

  it('obeys a queued REST fault as HTTP does, then mints again', async () => {
    const answers = [];
    const overHttp = (init: RequestInit): Promise<Response> => fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, init);
    const inProcess = (init: RequestInit): Promise<Response> =>
      emu.fetch('http://unreachable.invalid/v1alpha/auth_tokens', init);
    for (const send of [overHttp, inProcess]) {
      const queued = await fetch(`${emu.baseUrl}/emulator/faults`, {
        method: 'POST',
        headers: { 'x-goog-api-key': KEY },
        body: JSON.stringify({ spec: 'rest:429:7' }),
      });
      expect(queued.status).toBe(200);
      answers.push(await seen(await send(mintInit('{}'))));
    }
    expect(answers[0]!.status).toBe(429);
    expect(answers[1]).toEqual(answers[0]);
    expect((await emu.fetch('http://unreachable.invalid/v1alpha/auth_tokens', mintInit('{}'))).status).toBe(200);
    await expect.poll(() => requestLines().filter((record) => record.fault === 'status429').length).toBe(2);
  });

  it('a hung fault answers nothing: the caller abort rejects it and the log says no-reply', async () => {
    const faults = (init: RequestInit = {}): Promise<Response> =>
      fetch(`${emu.baseUrl}/emulator/faults`, { ...init, headers: { 'x-goog-api-key': KEY } });
    expect((await faults({ method: 'POST', body: JSON.stringify({ spec: 'rest:hang' }) })).status).toBe(200);
    const abort = new AbortController();
    const pending = emu.fetch('http://unreachable.invalid/v1alpha/auth_tokens', {
      ...mintInit('{}'),
      signal: abort.signal,
    });
    await expect.poll(async () => ((await (await faults()).json()) as { faults: unknown[] }).faults).toEqual([]);
    abort.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
    const mints = (): Record<string, unknown>[] => requestLines().filter((r) => r.path === '/v1alpha/auth_tokens');
    await expect.poll(() => mints()[0]).toMatchObject({ status: 'no-reply', fault: 'hang' });
  });
});
