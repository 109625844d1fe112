// nodeFetch against a real local HTTP server: what mint-attempt.ts and doctor rely on from fetch
// (status, text, headers, the undici-shaped "fetch failed" + cause.code, abort with the signal's reason).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REPLY_BYTES, TooLargeError } from '../../../src/bounded-read.js';
import { nodeFetch } from '../../../src/token/client/node-fetch.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

interface Seen {
  method?: string;
  url?: string;
  headers?: IncomingMessage['headers'];
  body?: string;
  connections: number;
}

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ base: string; seen: Seen }> {
  const seen: Seen = { connections: 0 };
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', () => (seen.connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('nodeFetch', () => {
  it('sends method, headers and a string body; returns status, text and headers', async () => {
    const { base, seen } = await serve((_req, res) =>
      res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"error":"é"}'),
    );
    const response = await nodeFetch(`${base}/v1alpha/auth_tokens?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k-123456789' },
      body: '{"uses":1,"é":true}',
    });
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.text()).toBe('{"error":"é"}');
    expect(seen).toMatchObject({ method: 'POST', url: '/v1alpha/auth_tokens?x=1', body: '{"uses":1,"é":true}' });
    expect(seen.headers).toMatchObject({
      'content-type': 'application/json',
      'x-goog-api-key': 'k-123456789',
      'content-length': String(Buffer.byteLength('{"uses":1,"é":true}')),
    });
  });

  it('reuses one keep-alive connection for requests in sequence', async () => {
    const { base, seen } = await serve((_req, res) => res.end('ok'));
    for (let i = 0; i < 3; i++) expect(await (await nodeFetch(`${base}/`)).text()).toBe('ok');
    expect(seen.connections).toBe(1);
  });

  it('answers 204 with an empty body', async () => {
    const { base } = await serve((_req, res) => res.writeHead(204).end());
    const response = await nodeFetch(`${base}/`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('fails like undici: TypeError "fetch failed" with the system error as cause', async () => {
    const { base } = await serve(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    const error = await nodeFetch(`${base}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('rejects with the signal reason when aborted mid-request, and drops the connection', async () => {
    let closed = false;
    const { base } = await serve((req) => req.socket.on('close', () => (closed = true)));
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('timeout')), 50);
    await expect(pending).rejects.toThrow('timeout');
    await expect.poll(() => closed).toBe(true);
  });

  it('rejects an already aborted signal without sending anything', async () => {
    const { base, seen } = await serve((_req, res) => res.end('ok'));
    await expect(nodeFetch(`${base}/`, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    expect(seen.connections).toBe(0);
  });

  it('hands what it does not handle (a Request object) to the global fetch', async () => {
    const { base, seen } = await serve((_req, res) => res.end('from undici'));
    const response = await nodeFetch(new Request(`${base}/r`, { method: 'PUT', body: 'x' }));
    expect(await response.text()).toBe('from undici');
    expect(seen).toMatchObject({ method: 'PUT', url: '/r', body: 'x' });
  });

  // A reply is read up to MAX_REPLY_BYTES (1 MiB), never whole first.
  it.each([
    [
      'a chunked body one byte over the cap',
      (res: ServerResponse) => res.writeHead(200).end(Buffer.alloc(MAX_REPLY_BYTES + 1)),
    ],
    [
      'a Content-Length over the cap (body never sent)',
      (res: ServerResponse) => res.writeHead(200, { 'content-length': String(MAX_REPLY_BYTES + 1) }).write('x'),
    ],
  ])('%s → "fetch failed" with a TooLargeError cause', async (_name, answer) => {
    const { base } = await serve((_req, res) => answer(res));
    const error = await nodeFetch(`${base}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).cause).toBeInstanceOf(TooLargeError);
  });

  it('a body of exactly the cap is read whole', async () => {
    const { base } = await serve((_req, res) => res.writeHead(200).end(Buffer.alloc(MAX_REPLY_BYTES, 0x61)));
    expect((await (await nodeFetch(`${base}/x`)).text()).length).toBe(MAX_REPLY_BYTES);
  });
});
