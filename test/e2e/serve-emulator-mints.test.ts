// `gemtoken serve --emulator` mints from its emulator inside the process, with no loopback socket
// (src/emulator/rest/in-process.ts). Those mints must stay the emulator's own: in its admin views,
// in its log (--verbose), subject to the REST faults queued through its admin API.
import { afterEach, describe, expect, it } from 'vitest';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { call, startServe, type ServeHandle } from './serve-helpers.js';

let handle: ServeHandle | undefined;
afterEach(async () => void (await handle?.stop()));

const admin = (path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> =>
  call(`${handle!.baseUrl}/emulator/${path}`, { ...init, headers: { 'x-goog-api-key': CANARY_KEY } });

describe('gemtoken serve --emulator: mints in-process', () => {
  it('a mint is in the emulator store, counts and log; a queued REST fault reaches it, then it mints again', async () => {
    handle = await startServe(['--emulator', '--retries', '0', '--verbose'], { GEMINI_API_KEY: CANARY_KEY });
    const first = await call(`${handle.url}/token`, { method: 'POST' });
    expect(first.status).toBe(200);
    const { name } = JSON.parse(first.text) as { name: string };
    expect((await admin('tokens')).text).toContain(name);
    expect((await admin('requests')).text).toContain('/v1alpha/auth_tokens');
    await expect.poll(() => handle!.stderr()).toMatch(/emulator: .*POST \/v1alpha\/auth_tokens 200/);

    const queued = await admin('faults', { method: 'POST', body: JSON.stringify({ spec: 'rest:503' }) });
    expect(queued.status).toBe(200);
    const faulted = await call(`${handle.url}/token`, { method: 'POST' });
    expect(faulted.status).toBe(502);
    expect(JSON.parse(faulted.text)).toEqual({ error: 'the token service is unavailable; try again later' });
    await expect.poll(() => handle!.stderr()).toMatch(/emulator: .*POST \/v1alpha\/auth_tokens 503/);
    expect((await call(`${handle.url}/token`, { method: 'POST' })).status).toBe(200);
    expectNoCanary({ stdout: handle.stdout(), stderr: handle.stderr(), first: first.text, faulted: faulted.text });
  });
});
