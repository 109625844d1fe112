// Every answer serveTokens() gives an allowed page carries its CORS headers, whichever check answers
// (401, 413, 429, the busy 503, an upstream's 502, 404, 405, 200), and the ones the server writes
// itself (graceful-close.ts: the stop's 503, the request timeout's 408), so a page sees a status it
// can act on instead of a CORS error. A refused page never gets them. Generated (fast-check, seeded:
// a failure prints the seed; FC_SEED=<n> replays another run) over the answer and the origin.
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveTokens } from '../../../src/index.js';
import { gracefulClose } from '../../../src/graceful-close.js';
import { sendJson } from '../../../src/serve/http-io.js';
import { CANARY_KEY } from '../../security/hostile.js';

const SEED = Number(process.env.FC_SEED ?? 1919);
const APP = 'https://app.example';
const BEARER = 'correct-horse-battery-staple';

type Case = 'ok' | 'unauthorized' | 'too-large' | 'upstream-fails' | 'not-found' | 'wrong-method';
const CASES: Record<Case, { path: string; method: string; bearer: boolean; body: string; status: number }> = {
  ok: { path: '/token', method: 'POST', bearer: true, body: '', status: 200 },
  unauthorized: { path: '/token', method: 'POST', bearer: false, body: '', status: 401 },
  'too-large': { path: '/token', method: 'POST', bearer: true, body: 'x'.repeat(1025), status: 413 },
  'upstream-fails': { path: '/token', method: 'POST', bearer: true, body: '{"fail":1}', status: 502 },
  'not-found': { path: '/nowhere', method: 'GET', bearer: true, body: '', status: 404 },
  'wrong-method': { path: '/token', method: 'GET', bearer: true, body: '', status: 405 },
};

let server: Server;
let url: string;
/** The fake upstream fails the next mint (the property runs one request at a time). */
let upstreamFails = false;
beforeAll(async () => {
  const listener = serveTokens({
    apiKey: CANARY_KEY,
    bearer: BEARER,
    rate: 'off',
    retries: 0,
    allowOrigins: [APP],
    fetch: (async () =>
      upstreamFails
        ? new Response('{}', { status: 500 })
        : new Response(JSON.stringify({ name: 'auth_tokens/t1' }), { status: 200 })) as typeof fetch,
  });
  server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends `bytes` on a fresh connection and resolves with everything received until it closes. */
function rawExchange(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setEncoding('utf8').on('data', (d: string) => (received += d));
    socket.on('error', () => undefined).on('close', () => resolve(received));
  });
}

function send(
  path: string,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; cors: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode!, cors: res.headers['access-control-allow-origin'] as string | undefined });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('serveTokens(): CORS headers on every answer', () => {
  it('an allowed page gets them on every status; a refused page gets 403 without them; a program gets none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(CASES) as Case[])),
        fc.constantFrom('allowed', 'refused', 'none'),
        async (name, who) => {
          const c = CASES[name];
          const headers: Record<string, string> = {
            ...(c.bearer ? { authorization: `Bearer ${BEARER}` } : {}),
            ...(who === 'allowed' ? { origin: APP } : who === 'refused' ? { origin: 'https://evil.example' } : {}),
          };
          upstreamFails = name === 'upstream-fails';
          const reply = await send(c.path, c.method, headers, c.body);
          const refusedHere = who === 'refused' && c.path === '/token';
          expect(reply).toEqual({ status: refusedHere ? 403 : c.status, cors: who === 'allowed' ? APP : undefined });
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("the answers the server writes itself: the request timeout's 408 and the stop's 503", async () => {
    let minting = 0;
    const hanging = ((_u: string, init: RequestInit) => {
      minting += 1;
      return new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }) as typeof fetch;
    const abort = new AbortController();
    const own = createServer(
      { requestTimeout: 50, connectionsCheckingInterval: 20 },
      serveTokens({
        apiKey: CANARY_KEY,
        rate: 'off',
        retries: 0,
        allowOrigins: [APP],
        fetch: hanging,
        signal: abort.signal,
      }),
    );
    const stop = gracefulClose(own, {
      graceMs: 0,
      answerCut: (res) => sendJson(res, 503, { error: 'stopping' }),
      answerTimedOut: (res) => sendJson(res, 408, { error: 'too slow' }),
      onGraceEnd: () => abort.abort(),
    });
    await new Promise<void>((r) => own.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    const ask = (length: string, body: string): Promise<{ status: number; cors: unknown }> =>
      new Promise((resolve, reject) => {
        const req = request(
          `${base}/token`,
          { method: 'POST', headers: { origin: APP, 'content-length': length } },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode!, cors: res.headers['access-control-allow-origin'] });
          },
        );
        req.on('error', reject);
        req.write(body);
        if (body.length === Number(length)) req.end();
      });
    // Headers whole, the body never: the request timeout answers it.
    expect(await ask('10', '{')).toEqual({ status: 408, cors: APP });
    // No request to answer through (a bad request line): Node's own answer, as without the listener.
    expect(await rawExchange(base, 'NOT HTTP\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n\r\n$/,
    );
    const cut = ask('0', '');
    await expect.poll(() => minting).toBe(1);
    await stop.close();
    expect(await cut).toEqual({ status: 503, cors: APP });
  });
});
