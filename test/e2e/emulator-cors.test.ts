// CORS on the emulator's HTTP routes, header by header (test/e2e/browser.test.ts proves it with a
// real browser; this pins down what a preflight and a reply carry, errors included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => (emu = await startEmulator()));
afterAll(() => emu.stop());

const ORIGIN = 'http://localhost:5173';

describe('emulator CORS', () => {
  it.each(['/v1alpha/auth_tokens', '/v1beta/auth_tokens', '/emulator/tokens'])('answers the preflight of %s with 204 and no credential', async (path) => {
    const res = await fetch(`${emu.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-goog-api-key,content-type,x-goog-api-client' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-goog-api-key, x-goog-api-client, content-type, authorization');
  });

  it('puts allow-origin on successes and on errors', async () => {
    const ok = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', headers: { origin: ORIGIN, 'x-goog-api-key': emu.apiKeys[0]! }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const refused = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', headers: { origin: ORIGIN }, body: '{}' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const anonymous = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
    expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
  });
});
