// A handler made while one request is answered (a Worker makes it at its first request, when its
// secrets arrive) must hold no I/O object of that request: Cloudflare Workers refuse one in another
// request's fetch ("Cannot perform I/O on behalf of a different request"; once, every mint after
// the first failed with 500). So without a shutdown signal each mint gets an abort signal of its own.
// The runtime itself: test/e2e/runtime-workerd.test.ts.
import { describe, expect, it } from 'vitest';
import type { MintedToken } from '../../../src/mint-token.js';
import { createTokenCore } from '../../../src/serve/token-core.js';

const minted: MintedToken = {
  name: 'auth_tokens/abc123',
  expireTime: '2099-01-01T00:00:00Z',
  newSessionExpireTime: '2099-01-01T00:00:00Z',
  uses: 1,
  apiVersion: 'v1alpha',
  locked: { mode: 'none' } as MintedToken['locked'],
};

describe('the token core’s abort signal', () => {
  it('is a new one for each mint when the handler was given none', async () => {
    const seen: AbortSignal[] = [];
    const core = createTokenCore({
      mint: async (signal) => (seen.push(signal), minted),
      baseUrl: 'https://generativelanguage.googleapis.com',
      allowOrigins: () => false,
      maxConcurrentMints: 4,
      redactAnswer: (text) => text,
    });
    for (let i = 0; i < 2; i++) {
      const request = new Request('https://api.test/token', { method: 'POST' });
      const answer = await core(request, { client: 'c', source: request });
      expect(answer.status).toBe(200);
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it('is the shutdown signal when one is given (serveTokens stops mints in flight with it)', async () => {
    const seen: AbortSignal[] = [];
    const shutdown = new AbortController().signal;
    const core = createTokenCore({
      mint: async (signal) => (seen.push(signal), minted),
      baseUrl: 'https://generativelanguage.googleapis.com',
      allowOrigins: () => false,
      maxConcurrentMints: 4,
      redactAnswer: (text) => text,
      signal: shutdown,
    });
    const request = new Request('https://api.test/token', { method: 'POST' });
    await core(request, { client: 'c', source: request });
    expect(seen).toEqual([shutdown]);
  });
});
