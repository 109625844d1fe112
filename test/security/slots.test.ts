// Unauthenticated Live upgrades must not take session slots. 32+ raw upgrades with
// no credentials that never answer (nor even read) the close frame, then a real client with a valid
// key must get setupComplete at once, not 429; and the refused sockets are destroyed within
// seconds, not after ws's 30 s close-handshake timeout.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

const PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const SILENT_CLIENTS = 40;

let emulator: EmulatorHandle;
const raw: Socket[] = [];

beforeAll(async () => {
  emulator = await spawnEmulator(['--api-key', CANARY_KEY, '--max-sessions', '32']);
});

afterAll(async () => {
  for (const socket of raw) socket.destroy();
  await emulator?.stop();
});

/** An HTTP upgrade by hand, then silence: the socket is never read, so no close frame is ever answered. */
function silentUpgrade(port: number, query = ''): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        [
          `GET ${PATH}${query} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
      socket.pause();
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

interface SessionView {
  auth: string;
  open: boolean;
}

async function sessions(): Promise<SessionView[]> {
  const reply = await fetch(`${emulator.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': CANARY_KEY } });
  return ((await reply.json()) as { sessions: SessionView[] }).sessions;
}

function setupComplete(url: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('open', () => socket.send(JSON.stringify({ setup: { model: 'models/gemini-3.8-live' } })));
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      socket.close();
      resolve(text.includes('setupComplete') ? 'setupComplete' : text);
    });
    socket.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    socket.on('close', (code) => resolve(`closed ${code}`));
    socket.on('error', (error) => resolve(`error ${error.message}`));
  });
}

describe('Live slots', () => {
  it('40 silent unauthenticated upgrades take no slot; a keyed client gets setupComplete at once', async () => {
    const port = Number(new URL(emulator.baseUrl).port);
    for (let i = 0; i < SILENT_CLIENTS; i++) raw.push(await silentUpgrade(port, i % 2 === 0 ? '' : '?key=not-a-key'));
    // The emulator has accepted at least as many as it has slots (and refused them for credentials).
    await expect
      .poll(async () => (await sessions()).filter((s) => s.auth === 'none').length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(32);

    const wsBase = emulator.baseUrl.replace('http', 'ws');
    const outcome = await setupComplete(`${wsBase}${PATH}?key=${encodeURIComponent(CANARY_KEY)}`);
    expect(outcome).toBe('setupComplete');

    // Refused sockets are destroyed quickly, though their peers never answered the close frame.
    await expect
      .poll(async () => (await sessions()).filter((s) => s.auth === 'none' && s.open).length, { timeout: 5_000 })
      .toBe(0);
    expectNoCanary({ emulatorLog: emulator.log() });
  });
});
