// The recorder's side: an upstream reply is read through the same bounded reader as
// mint's. A reply body over 1 MiB, or a refusal body of a Live upgrade over 64 KiB, gets the recorder's
// client a 502 at once (the transfer cut), and the recording goes on.

import { mkdtempSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { spawnEmulator } from '../helpers/emulator.js';
import { hostileHttp, type HostilePeer } from './hostile.js';
import { endlessBody } from './endless.js';
import { CAN_MEASURE, rssKb, RSS_BOUND_KB } from './rss.js';

const GB = 1024 ** 3;
const peers: HostilePeer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});

describe.skipIf(!CAN_MEASURE)('the recorder: bounded upstream replies', () => {
  it('the recorder meeting an upstream reply of 1 GB answers its client 502 and goes on recording', async () => {
    const sent = { bytes: 0 };
    const peer = await hostileHttp((req, res) => {
      if (req.url?.includes('huge')) return endlessBody(res, GB, sent);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"auth_tokens/small"}');
    });
    peers.push(peer);
    const recorder = await spawnEmulator([
      '--record',
      mkdtempSync(path.join(tmpdir(), 'gemtoken-rec-')),
      '--upstream',
      peer.baseUrl,
    ]);
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, rssKb(recorder.process.pid!))), 10);
    try {
      const huge = await fetch(`${recorder.baseUrl}/v1alpha/auth_tokens?huge`, { method: 'POST', body: '{}' });
      expect(huge.status).toBe(502);
      expect(await huge.text()).toMatch(/the upstream failed: reply larger than 1 MiB/);
      const small = await fetch(`${recorder.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
      expect(small.status).toBe(200);
      expect(peak).toBeLessThan(RSS_BOUND_KB);
      expect(sent.bytes).toBeLessThan(64 * 1024 * 1024);
    } finally {
      clearInterval(sample);
      await recorder.stop();
    }
  });

  it('the recorder meeting an endless refusal of a Live upgrade answers its client 502, under 200 MB', async () => {
    let sent = 0;
    // Refuses every upgrade with a 403 whose chunked body never ends.
    const upstream = createTcpServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n');
        const chunk = `10000\r\n${'z'.repeat(0x10000)}\r\n`;
        const pump = (): void => {
          while (!socket.destroyed && sent < 1024 ** 3) {
            sent += 0x10000;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
        };
        pump();
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const recorder = await spawnEmulator([
      '--record',
      mkdtempSync(path.join(tmpdir(), 'gemtoken-rec-')),
      '--upstream',
      `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    ]);
    try {
      const url = `${recorder.baseUrl.replace('http:', 'ws:')}/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent?key=k`;
      const status = await new Promise<number>((resolve, reject) => {
        const client = new WebSocket(url);
        client.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        client.on('open', () => reject(new Error('upgraded')));
        client.on('error', () => undefined);
      });
      expect(status).toBe(502);
      expect(rssKb(recorder.process.pid!)).toBeLessThan(RSS_BOUND_KB);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await recorder.stop();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
