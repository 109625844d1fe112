// An in-process emulator core for the Live half's tests: a real HTTP server on 127.0.0.1:0, a
// TokenStore the test fills directly, a scriptable fault queue, a movable clock and a log sink.
// GET /emulator/<name> dispatches to core.admin like the REST half does.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorCore, EmulatorOptions, Fault, LiveFaultKind } from '../../src/emulator/core.js';
import { attachLive, type LiveHalf } from '../../src/emulator/live/attach.js';
import { TokenStore, type TokenRecord } from '../../src/emulator/token-store.js';

export const TEST_KEY = 'test-api-key-123';
export const NATIVE_MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';

export interface LiveCoreHandle {
  readonly core: EmulatorCore;
  readonly live: LiveHalf;
  readonly baseUrl: string;
  readonly wsBase: string;
  readonly logs: Record<string, unknown>[];
  readonly faults: Fault<LiveFaultKind>[];
  /** Moves the emulator's wall clock (token and handle expiry) by `ms`. */
  advance(ms: number): void;
  addToken(fields: Partial<TokenRecord> & { name: string }): TokenRecord;
  admin(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startLiveCore(overrides: Partial<EmulatorOptions> = {}): Promise<LiveCoreHandle> {
  const server = createServer();
  const options: EmulatorOptions = {
    host: '127.0.0.1',
    port: 0,
    apiKeys: [TEST_KEY],
    models: ['gemini-3.8-live', NATIVE_MODEL],
    connectionLifetimeMs: 10 * 60_000,
    maxSessions: 100,
    maxFrameBytes: 1024 * 1024,
    maxBodyBytes: 1024 * 1024,
    ...overrides,
  };
  let offset = 0;
  const logs: Record<string, unknown>[] = [];
  const faults: Fault<LiveFaultKind>[] = [];
  const core: EmulatorCore = {
    options,
    server,
    store: new TokenStore(),
    faults: {
      takeRest: () => undefined,
      takeLive(kinds) {
        const index = faults.findIndex((f) => kinds.includes(f.kind));
        return index < 0 ? undefined : faults.splice(index, 1)[0];
      },
    },
    log: { event: (record) => void logs.push({ ...record }) },
    now: () => Date.now() + offset,
    admin: new Map(),
  };
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = core.admin.get(url.pathname.replace(/^\/emulator\//, ''));
    if (!handler) return void res.writeHead(404).end();
    void handler(req, url).then(({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  });
  const live = attachLive(core);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    core,
    live,
    baseUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    logs,
    faults,
    advance: (ms) => void (offset += ms),
    addToken(fields) {
      const now = core.now();
      const record: TokenRecord = {
        apiVersion: 'v1alpha',
        createdAt: now,
        expireTime: now + 30 * 60_000,
        newSessionExpireTime: now + 60_000,
        uses: 1,
        usesConsumed: 0,
        setup: undefined,
        fieldMask: [],
        ...fields,
      };
      core.store.add(record);
      return record;
    },
    async admin(name) {
      const response = await fetch(`http://127.0.0.1:${port}/emulator/${name}`);
      return response.json();
    },
    async stop() {
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
