// The SDK adapter against a scripted local ws server: each SDK 2.x defect it works around gets a
// case (connect hang on early close, console.warn noise, close code 1005, crash on a bad frame).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock } from '../../../src/clock.js';
import { createSdkTransport } from '../../../src/live/transport/sdk-transport.js';
import { buildSetupMessage } from '../../../src/live/wire/setup-message.js';
import { normalizeTools } from '../../../src/token/config/tools-flag.js';
import { toWireTools } from '../../../src/token/config/tools.js';
import { TransportError, type ConnectRequest, type TransportHandlers } from '../../../src/live/transport/transport.js';
import { FakeClock, flushPromises } from '../../fakes/fake-clock.js';

type Script = (socket: WebSocket, setup: unknown, path: string) => void;

interface Peer {
  readonly baseUrl: string;
  readonly paths: string[];
  readonly setups: unknown[];
  readonly received: string[];
  readonly closes: Promise<{ code: number; reason: string }>[];
}

const servers: { server: Server; wss: WebSocketServer }[] = [];
async function stopAll(): Promise<void> {
  for (const { server, wss } of servers.splice(0)) {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
}
afterEach(stopAll);

async function peer(script: Script, refuseWith?: number): Promise<Peer> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  servers.push({ server, wss });
  const peerState: Peer = { baseUrl: '', paths: [], setups: [], received: [], closes: [] };
  server.on('upgrade', (request, socket, head) => {
    peerState.paths.push(request.url ?? '');
    if (refuseWith) {
      socket.end(`HTTP/1.1 ${refuseWith} Nope\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      peerState.closes.push(
        new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
      );
      let first = true;
      ws.on('message', (data) => {
        const text = data.toString();
        if (first) {
          first = false;
          const setup = (JSON.parse(text) as { setup: unknown }).setup;
          peerState.setups.push(setup);
          script(ws, setup, request.url ?? '');
        } else peerState.received.push(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { ...peerState, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const setup = buildSetupMessage(
  {
    model: 'gemini-3.8-live',
    modality: 'audio',
    voice: 'Kore',
    temperature: 0.3,
    systemInstruction: 'Be brief.',
    transcription: true,
    compress: true,
    pushToTalk: true,
  },
  'handle-1',
);
const request = (baseUrl: string, over: Partial<ConnectRequest> = {}): ConnectRequest => ({
  baseUrl,
  apiVersion: 'v1alpha',
  token: 'auth_tokens/abc123',
  setup,
  timeoutMs: 5000,
  ...over,
});
const recorder = () => {
  const frames: string[] = [];
  const closes: [number, string][] = [];
  const handlers: TransportHandlers = {
    message: (d) => frames.push(d.toString()),
    close: (code, reason) => closes.push([code, reason]),
  };
  return { frames, closes, handlers };
};
const binary = (json: unknown) => Buffer.from(JSON.stringify(json));

describe('sdk transport', () => {
  it('the SDK puts exactly our setup on the wire, on the Constrained method with the token', async () => {
    const p = await peer((ws) => ws.send(binary({ setupComplete: {} })));
    const r = recorder();
    const warnings: string[] = [];
    const warn = vi.spyOn(console, 'warn');
    const connection = await createSdkTransport({ clock: systemClock, onWarning: (w) => warnings.push(w) }).connect(
      request(p.baseUrl),
      r.handlers,
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(warnings.join('\n')).toMatch(/experimental/);
    expect(p.setups[0]).toEqual(setup);
    expect(p.paths[0]).toMatch(
      /\/ws\/google\.ai\.generativelanguage\.v1alpha\.GenerativeService\.BidiGenerateContentConstrained\?access_token=auth_tokens\/abc123$/,
    );
    expect(r.frames).toEqual(['{"setupComplete":{}}']);
    connection.send('{"realtimeInput":{"text":"hi"}}');
    connection.close(1000, 'bye');
    expect(await p.closes[0]).toEqual({ code: 1000, reason: 'bye' });
    await vi.waitFor(() => expect(r.closes).toEqual([[1000, 'bye']]));
    expect(p.received).toEqual(['{"realtimeInput":{"text":"hi"}}']);
  });

  it('tools (function declarations, JSON Schema parameters, NON_BLOCKING) reach the wire exactly as built', async () => {
    const tools = toWireTools(
      normalizeTools(
        [
          {
            name: 'get_weather',
            description: 'weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            behavior: 'NON_BLOCKING',
          },
          { name: 'get_time', parametersJsonSchema: { type: 'object', properties: { tz: { type: 'string' } } } },
        ],
        'test',
      ),
    );
    const withTools = buildSetupMessage(
      { model: 'gemini-3.8-live', modality: 'audio', transcription: true, compress: true, pushToTalk: false, tools },
      undefined,
    );
    const p = await peer((ws) => ws.send(binary({ setupComplete: {} })));
    const connection = await createSdkTransport({ clock: systemClock }).connect(
      request(p.baseUrl, { setup: withTools }),
      recorder().handlers,
    );
    expect(p.setups[0]).toEqual(withTools);
    expect((p.setups[0] as { tools: unknown[] }).tools).toHaveLength(1);
    connection.close(1000, 'bye');
  });

  it('an early close rejects instead of hanging (SDK 2.x never settles)', async () => {
    const p = await peer((ws) => ws.close(1011, 'Token has been used too many times'));
    const r = recorder();
    const error = await createSdkTransport({ clock: systemClock })
      .connect(request(p.baseUrl), r.handlers)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toEqual({
      kind: 'closed',
      code: 1011,
      reason: 'Token has been used too many times',
    });
    expect(r.closes).toEqual([]);
  });

  it('a refused upgrade becomes its HTTP status', async () => {
    const p = await peer(() => undefined, 403);
    const error = await createSdkTransport({ clock: systemClock })
      .connect(request(p.baseUrl), recorder().handlers)
      .catch((e: unknown) => e);
    expect((error as TransportError).failure).toEqual({ kind: 'http', status: 403 });
  });

  it('nothing listening → network failure', async () => {
    const url = (await peer(() => undefined)).baseUrl;
    await stopAll();
    const error = await createSdkTransport({ clock: systemClock })
      .connect(request(url), recorder().handlers)
      .catch((e: unknown) => e);
    expect((error as TransportError).failure).toEqual({
      kind: 'network',
      message: expect.stringContaining('ECONNREFUSED') as string,
    });
  });

  it('no setupComplete → timeout on the injected clock, and the socket is dropped', async () => {
    const clock = new FakeClock();
    const p = await peer(() => undefined);
    const pending = createSdkTransport({ clock })
      .connect(request(p.baseUrl, { timeoutMs: 15_000 }), recorder().handlers)
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(p.setups).toHaveLength(1));
    clock.advance(15_000);
    expect(((await pending) as TransportError).failure).toEqual({ kind: 'timeout', ms: 15_000 });
    expect((await p.closes[0])!.code).toBe(1006);
  });

  it('malformed frames before and after setupComplete are reported, never crash the process', async () => {
    // Captured for the whole test: the SDK's message handler would reject asynchronously, after the
    // frames have reached us, so we look only once queued promise work has run (flushPromises).
    const unhandled: unknown[] = [];
    const capture = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', capture);
    try {
      const p = await peer((ws) => {
        ws.send('not json {');
        ws.send(binary({ setupComplete: {} }));
        ws.send(Buffer.from([0xff, 0x00, 0x01]));
      });
      const r = recorder();
      await createSdkTransport({ clock: systemClock }).connect(request(p.baseUrl), r.handlers);
      await vi.waitFor(() => expect(r.frames).toHaveLength(3));
      await flushPromises();
      expect(r.frames).toEqual(['not json {', '{"setupComplete":{}}', Buffer.from([0xff, 0x00, 0x01]).toString()]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', capture);
    }
  });
});
