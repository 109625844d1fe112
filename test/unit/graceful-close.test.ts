// The one shutdown path every server takes (src/graceful-close.ts). In-process
// servers, real sockets, the grace's timer driven by hand: no sleeps, no wall-time assertions.
// The property (fast-check, seeded: a failure prints the seed; FC_SEED=<n> replays another run):
// for any mix of idle and half-open connections, close() ends every one of them, the unfinished
// ones before the grace, the ones in flight with a 503 after it.

import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulClose, timeoutOptions, type GracefulClose } from '../../src/graceful-close.js';

const SEED = Number(process.env.FC_SEED ?? 1919);

type Kind = 'nothing' | 'line' | 'headers' | 'body' | 'idle' | 'inflight';
const SEND: Record<Kind, string> = {
  nothing: '',
  line: 'GET /slo',
  headers: 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1',
  body: 'POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf',
  idle: 'GET /fast HTTP/1.1\r\nHost: x\r\n\r\n',
  inflight: 'POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody',
};

interface Client {
  readonly kind: Kind;
  readonly socket: Socket;
  received: string;
  closed: boolean;
}

interface Rig {
  readonly server: Server;
  readonly stopping: GracefulClose;
  readonly held: ServerResponse[];
  readonly timers: Array<{ fn: () => void; ms: number; cancelled: boolean }>;
  readonly onGraceEnd: string[];
  port: number;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    rig.server.closeAllConnections();
    await new Promise((resolve) => rig.server.close(resolve));
  }
});

async function rig(): Promise<Rig> {
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/fast') return void res.end('ok');
    req.resume();
    held.push(res);
  });
  const timers: Rig['timers'] = [];
  const onGraceEnd: string[] = [];
  const stopping = gracefulClose(server, {
    answerCut: (res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('shutting down'),
    onGraceEnd: () => onGraceEnd.push('aborted'),
    setTimer: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const made: Rig = { server, stopping, held, timers, onGraceEnd, port: (server.address() as AddressInfo).port };
  rigs.push(made);
  return made;
}

function open(port: number, kind: Kind): Client {
  const socket = connect(port, '127.0.0.1');
  const client: Client = { kind, socket, received: '', closed: false };
  socket.setEncoding('utf8').on('data', (text: string) => (client.received += text));
  socket.on('error', () => undefined).on('close', () => (client.closed = true));
  socket.on('connect', () => socket.write(SEND[kind]));
  return client;
}

/** Fires the timers due now (the grace, then the flush), as the clock would. */
function fire(r: Rig): void {
  for (const timer of r.timers.splice(0)) if (!timer.cancelled) timer.fn();
}

async function run(kinds: readonly Kind[]): Promise<void> {
  const r = await rig();
  const clients = kinds.map((kind) => open(r.port, kind));
  const inflight = clients.filter((c) => c.kind === 'inflight');
  // The server has the requests in flight (and the half-sent bodies' headers), and the idle ones have had their answer.
  await expect
    .poll(
      () =>
        r.held.length === kinds.filter((k) => k === 'inflight' || k === 'body').length &&
        clients.every((c) => c.kind !== 'idle' || c.received.includes('ok')),
    )
    .toBe(true);
  await expect.poll(() => new Promise((resolve) => r.server.getConnections((_e, n) => resolve(n)))).toBe(kinds.length);
  const closed = r.stopping.close();
  // Before any timer fires: everything without a complete request is gone; what is in flight stays.
  await expect.poll(() => clients.filter((c) => c.kind !== 'inflight').every((c) => c.closed)).toBe(true);
  expect(inflight.map((c) => ({ closed: c.closed, received: c.received }))).toEqual(
    inflight.map(() => ({ closed: false, received: '' })),
  );
  expect(r.onGraceEnd).toEqual([]);
  // The grace ends: each one in flight gets the server's 503, then its connection ends.
  fire(r);
  expect(r.onGraceEnd).toEqual(inflight.length > 0 ? ['aborted'] : []);
  await expect.poll(() => inflight.every((c) => c.closed)).toBe(true);
  for (const c of inflight) expect(c.received).toMatch(/^HTTP\/1\.1 503 [^]*connection: close[^]*shutting down/i);
  fire(r);
  await closed;
  expect(r.server.listening).toBe(false);
}

describe('gracefulClose', () => {
  it('closes a slowloris, a half-sent body and an idle keep-alive at once, and answers a request in flight 503 after the grace', async () => {
    await run(['line', 'headers', 'body', 'idle', 'inflight', 'nothing']);
  });

  it('resolves at once with nothing open, and close() twice is one close', async () => {
    const r = await rig();
    const first = r.stopping.close();
    expect(r.stopping.close()).toBe(first);
    await first;
    expect(r.stopping.closing).toBe(true);
  });

  it('lets a request in flight finish within the grace, with its connection closed after it', async () => {
    const r = await rig();
    const c = open(r.port, 'inflight');
    await expect.poll(() => r.held.length).toBe(1);
    const closed = r.stopping.close();
    r.held[0]!.end('done');
    await expect.poll(() => c.closed).toBe(true);
    expect(c.received).toMatch(/^HTTP\/1\.1 200 [^]*connection: close[^]*done$/i);
    await closed;
    expect(r.onGraceEnd).toEqual([]);
  });

  it('leaves an upgraded connection (a WebSocket) to its owner until the grace ends, then ends it', async () => {
    const r = await rig();
    const upgraded: Socket[] = [];
    r.server.on('upgrade', (_req, socket: Socket) => void upgraded.push(socket.on('error', () => undefined)));
    const ws = open(r.port, 'nothing');
    ws.socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    const slow = open(r.port, 'headers');
    await expect.poll(() => upgraded.length).toBe(1);
    const closed = r.stopping.close();
    await expect.poll(() => slow.closed).toBe(true);
    expect(ws.closed).toBe(false);
    fire(r);
    fire(r);
    await expect.poll(() => ws.closed).toBe(true);
    await closed;
  });

  it('with no upgrade listener, an Upgrade request is still answered as a plain request', async () => {
    const r = await rig();
    const c = open(r.port, 'nothing');
    c.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await expect.poll(() => c.received).toMatch(/^HTTP\/1\.1 200 [^]*ok$/);
  });

  it('property: any mix of half-open connections is closed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Kind>('nothing', 'line', 'headers', 'body', 'idle', 'inflight'), {
          minLength: 1,
          maxLength: 8,
        }),
        async (kinds) => {
          await run(kinds);
        },
      ),
      { seed: SEED, numRuns: 15 },
    );
  });
});

describe('timeoutOptions', () => {
  it("closes a slowloris at the header limit, not at Node's 30 s check", async () => {
    // Short limits; the check interval is the one every server uses.
    const server = createServer(
      timeoutOptions(200, 400),
      (req, res) => void req.resume().on('end', () => res.end('ok')),
    );
    rigs.push({ server } as Rig);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const c = open((server.address() as AddressInfo).port, 'headers');
    const b = open((server.address() as AddressInfo).port, 'body');
    await expect.poll(() => c.closed && b.closed, { timeout: 10_000 }).toBe(true);
    expect(c.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(b.received).toMatch(/^HTTP\/1\.1 408 /);
  });
});
