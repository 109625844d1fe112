// Every HTTP answer of the emulator passes its one registry (its --api-key and --admin-key, in every
// form), as its log lines do: an answer that quotes what a client sent (a 404 naming the path) never
// hands a key back. Tokens stay: minting them is what the emulator is for.
import { describe, expect, it } from 'vitest';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';

const emulator = emulatorsStoppedAfterAll();
const ADMIN_KEY = 'admin-key-of-the-emulator-0123456789';

describe('gemtoken emulator: answers', () => {
  it('a 404 naming a path that holds the API key or the admin key, in any form, names it without them; a mint still answers its token', async () => {
    const server = await emulator(['--api-key', CANARY_KEY, '--admin-key', ADMIN_KEY]);
    const split = CANARY_KEY.toLowerCase()
      .match(/.{1,4}/g)!
      .join(',');
    const missing = await fetch(
      `${server.baseUrl}/v1beta/${encodeURIComponent(split)}/${ADMIN_KEY.toUpperCase()}/${CANARY_KEY}`,
    );
    const text = await missing.text();
    expect(missing.status).toBe(404);
    expectNoCanary({ answer: text });
    expect(text.toLowerCase()).not.toContain(ADMIN_KEY);
    const minted = await fetch(`${server.baseUrl}/v1alpha/auth_tokens`, {
      method: 'POST',
      headers: { 'x-goog-api-key': CANARY_KEY, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(minted.status).toBe(200);
    expect(((await minted.json()) as { name: string }).name).toMatch(/^auth_tokens\//);
  });
});
