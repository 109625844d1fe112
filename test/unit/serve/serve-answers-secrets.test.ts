// Every answer of serve passes the one registry (the API key and the --auth bearer secret, in every
// form), as its log lines do: a value that reached an answer by any path (here the model the server
// was configured with, carrying the key by mistake) loses them; the minted token stays (it is the point).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serveTokens } from '../../../src/index.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('serveTokens(): answers', () => {
  it('an answer carrying the key or the bearer secret in any form is scrubbed of it; the token is kept', async () => {
    const bearer = 'a-shared-secret-of-32-characters';
    const listener = serveTokens({
      apiKey: CANARY_KEY,
      bearer,
      model: `gemini-${CANARY_KEY.toLowerCase()}-${bearer.toUpperCase()}`,
      baseUrl: 'https://generativelanguage.googleapis.com',
      retries: 0,
      fetch: (async () =>
        new Response(JSON.stringify({ name: 'auth_tokens/abc123def456' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        })) as typeof fetch,
    });
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}` },
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expectNoCanary({ answer: text });
    expect(text.toLowerCase()).not.toContain(bearer.toLowerCase());
    expect(JSON.parse(text)).toMatchObject({ name: 'auth_tokens/abc123def456' });
  });
});
