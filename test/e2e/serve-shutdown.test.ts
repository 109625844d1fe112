// For `gemtoken serve` (the built binary): one SIGTERM stops it with exit 0 even
// while a slowloris client, a half-sent body and a mint whose upstream never answers hold
// connections (each held the stop 30 s and it exited 143). The slow clients are closed at once, the
// mint in flight gets its grace, then 503, and its upstream request is aborted. And the documented
// 5 s header / 10 s request limits close when they say, not at Node's 30 s check.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from '../security/hostile.js';
import {
  connected,
  halfBody,
  rawClient,
  SLOWLORIS,
  startServer,
  stopWith,
  type Server,
} from './server-stop-helpers.js';

let silent: HostilePeer;
const servers: Server[] = [];

beforeAll(async () => {
  // Reads the mint request and never answers.
  silent = await hostileHttp(() => undefined);
});
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await silent.close();
});

async function serve(...more: string[]): Promise<Server> {
  const server = await startServer(['serve', '--base-url', silent.baseUrl, '--retries', '0', ...more], {
    GEMINI_API_KEY: CANARY_KEY,
  });
  servers.push(server);
  return server;
}

const mintRequest = 'POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n';
const APP = 'https://app.example';
const fromApp = (request: string): string => request.replace('Host: x\r\n', `Host: x\r\nOrigin: ${APP}\r\n`);

describe('gemtoken serve stops on one signal', () => {
  it('with a slowloris, a half-sent body and a mint the upstream never answers: exit 0, every connection closed, the mint 503', async () => {
    const server = await serve();
    const before = silent.requests.length;
    const slowloris = rawClient(server.url, SLOWLORIS);
    const half = rawClient(server.url, halfBody('/token'));
    const mint = rawClient(server.url, mintRequest);
    await Promise.all([connected(slowloris), connected(half), connected(mint)]);
    await expect.poll(() => silent.requests.length).toBe(before + 1);
    const stopped = await stopWith(server, 'SIGTERM');
    expect(stopped).toEqual({ hung: false, code: 0, signal: null });
    expect([slowloris.closed(), half.closed()]).toEqual([true, true]);
    await expect.poll(() => mint.closed()).toBe(true);
    expect(mint.received()).toMatch(/^HTTP\/1\.1 503 [^]*"error":"the token server is shutting down; try again"/);
    expect(slowloris.received() + half.received()).toBe('');
    expectNoCanary({ stdout: server.stdout(), stderr: server.stderr() });
  });

  it("the stop's 503 to an allowed origin carries its CORS headers (a page can read it and retry), and the log line says why", async () => {
    const server = await serve('--allow-origin', APP);
    const before = silent.requests.length;
    const mint = rawClient(server.url, fromApp(mintRequest));
    await connected(mint);
    await expect.poll(() => silent.requests.length).toBe(before + 1);
    expect(await stopWith(server, 'SIGTERM')).toEqual({ hung: false, code: 0, signal: null });
    await expect.poll(() => mint.closed()).toBe(true);
    expect(mint.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(mint.received()).toMatch(
      new RegExp(`\r\naccess-control-allow-origin: ${APP.replace(/\./g, '\\.')}\r\n`, 'i'),
    );
    expect(server.stderr()).toMatch(/^POST \/token 503 \d+ms \S+ \(cut by shutdown\)$/m);
  });

  it("a second signal exits at once, the mint still in its grace: the first signal's code, not 0", async () => {
    const server = await serve();
    const before = silent.requests.length;
    const mint = rawClient(server.url, mintRequest);
    await connected(mint);
    await expect.poll(() => silent.requests.length).toBe(before + 1);
    // Two different signals, so the kernel cannot merge them; Linux hands over SIGINT first.
    const stopped = await stopWith(server, 'SIGTERM', 'SIGINT');
    expect(stopped).toEqual({ hung: false, code: expect.toBeOneOf([130, 143]), signal: null });
    expect(server.stderr()).toContain(stopped.code === 130 ? 'gemtoken: interrupted' : 'gemtoken: stopped by SIGTERM');
  });

  it("closes a slowloris at the 5 s header limit and a half-sent body at the 10 s request limit (408), not at Node's 30 s check", async () => {
    const server = await serve('--allow-origin', APP);
    const slowloris = rawClient(server.url, SLOWLORIS);
    // From an allowed page: its 408 carries the CORS headers, so the page sees a 408, not a CORS error.
    const half = rawClient(server.url, fromApp(halfBody('/token')));
    // Generous for a loaded machine, and still far under the 27–30 s these took.
    await expect.poll(() => slowloris.closed() && half.closed(), { timeout: 20_000, interval: 100 }).toBe(true);
    expect(slowloris.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(half.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(half.received()).toMatch(
      new RegExp(`\r\naccess-control-allow-origin: ${APP.replace(/\./g, '\\.')}\r\n`, 'i'),
    );
    expect(server.stderr()).toMatch(/^POST \/token 408 \d+ms \S+ \(request not received within 10s\)$/m);
    expect(await stopWith(server, 'SIGTERM')).toEqual({ hung: false, code: 0, signal: null });
  }, 30_000);
});
