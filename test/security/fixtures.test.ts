// The security suite's own fixtures work, so a green case means the defence held, not that the
// hostile peer never answered.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CANARY_KEY, canaryForms, expectNoCanary, hostileHttp, hostileWs, type HostilePeer } from './hostile.js';

let peer: HostilePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

describe('security fixtures', () => {
  it('the canary check finds the key in any of its forms, and passes clean output', () => {
    for (const form of canaryForms()) expect(() => expectNoCanary({ stderr: `x ${form} y` })).toThrow();
    expect(() => expectNoCanary({ stdout: 'auth_tokens/abc', stderr: 'gemtoken: nope' })).not.toThrow();
    expect(canaryForms()[0]).toBe(CANARY_KEY);
  });

  it('the hostile HTTP peer answers what it is told and records the request', async () => {
    peer = await hostileHttp((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"auth_tokens/x\\nINJECTED=1"}'),
    );
    const reply = await fetch(`${peer.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{"uses":1}' });
    expect(await reply.json()).toEqual({ name: 'auth_tokens/x\nINJECTED=1' });
    expect(peer.requests).toEqual([
      expect.objectContaining({ method: 'POST', url: '/v1alpha/auth_tokens', body: '{"uses":1}' }),
    ]);
  });

  it('the hostile WebSocket peer runs its script per connection', async () => {
    peer = await hostileWs((socket) => socket.close(1011, 'evil \u001b]0;pwned\u0007'));
    const socket = new WebSocket(`${peer.baseUrl.replace('http', 'ws')}/ws/x`);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(closed).toEqual({ code: 1011, reason: 'evil \u001b]0;pwned\u0007' });
    expect(peer.requests[0]!.url).toBe('/ws/x');
  });
});
