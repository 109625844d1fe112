// nodeFetch's kept-alive sockets: a server that closes an idle connection just as a request goes out
// on it (its keep-alive timeout; seen under load as "ECONNRESET; retrying in 349ms" on talk's token
// renewal) must cost nothing visible: the request goes again on a fresh socket. A reset on a fresh
// socket, or after the answer began, is a real failure and still surfaces.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../../src/token/client/node-fetch.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

interface Tally {
  answered: number;
  resets: number;
  connections: number;
}

/**
 * A server that answers each request with its body, except that `resetReused(n)` (n counts the
 * requests it has seen) may drop a socket that already served a request, without a byte of answer:
 * what the client sees when the server's idle timer wins the race with its next request.
 */
async function serve(resetReused: (n: number) => boolean, resetFresh = false): Promise<{ base: string; tally: Tally }> {
  const tally: Tally = { answered: 0, resets: 0, connections: 0 };
  const served = new WeakSet<Socket>();
  let seen = 0;
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      seen += 1;
      const reused = served.has(req.socket);
      if ((reused && resetReused(seen)) || (!reused && resetFresh)) {
        tally.resets += 1;
        return void req.socket.destroy();
      }
      served.add(req.socket);
      tally.answered += 1;
      res.end(`echo ${body}`);
    });
  });
  server.on('connection', () => (tally.connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tally };
}

const post = async (base: string, body: string): Promise<string> =>
  (await nodeFetch(`${base}/v1alpha/auth_tokens`, { method: 'POST', body })).text();

describe('nodeFetch on a kept-alive socket the server dropped', () => {
  it('sends the request again on a fresh socket: the caller sees only the answer', async () => {
    const { base, tally } = await serve((n) => n === 2);
    expect(await post(base, 'one')).toBe('echo one');
    expect(await post(base, 'two')).toBe('echo two');
    expect(tally).toEqual({ answered: 2, resets: 1, connections: 2 });
  });

  it('a reset on a fresh socket is a failure ("fetch failed", ECONNRESET), not sent again', async () => {
    const { base, tally } = await serve(() => false, true);
    const failure = await nodeFetch(`${base}/x`, { method: 'POST', body: 'b' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect(tally).toEqual({ answered: 0, resets: 1, connections: 1 });
  });

  it('any run of requests, with any of them dropped on a reused socket, each gets its own answer once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (drops) => {
        const { base, tally } = await serve((n) => drops[n - 1] === true);
        try {
          const bodies = drops.map((_, i) => `r${i}`);
          const answers: string[] = [];
          for (const body of bodies) answers.push(await post(base, body));
          expect(answers).toEqual(bodies.map((body) => `echo ${body}`));
          expect(tally.answered).toBe(drops.length);
          expect(tally.connections).toBe(1 + tally.resets);
        } finally {
          server?.closeAllConnections();
          await new Promise((resolve) => server?.close(resolve));
        }
      }),
      { numRuns: 25 },
    );
  });
});
