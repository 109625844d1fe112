// An in-process emulator core for the Live half's tests: a real HTTP server on 127.0.0.1:0, a
// TokenStore the test fills directly, a scriptable fault queue, a hand-driven clock and a log sink.
// GET /emulator/<name> dispatches to core.admin like the REST half does.

import { createServer } from 'node:http';
import { profileQuirks, type Quirks } from '../../src/emulator/quirks.js';
import type { AddressInfo } from 'node:net';
import type { EmulatorCore, EmulatorOptions, Fault, LiveFaultKind } from '../../src/emulator/core.js';
import { attachLive, type LiveHalf } from '../../src/emulator/live/attach.js';
import { TokenStore, type TokenRecord } from '../../src/emulator/token-store.js';
import { SecretRegistry } from '../../src/redact.js';
import { FakeClock } from '../fakes/fake-clock.js';
import type { LiveTestClient, ServerMessage } from './live-client.js';

export const TEST_KEY = 'test-api-key-123';
export const NATIVE_MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
/** Longer than any reply these tests provoke (8 words × 5 steps × 40 ms = 1.6 s). */
export const TURN_MS = 5_000;

export interface LiveCoreHandle {
  readonly core: EmulatorCore;
  readonly live: LiveHalf;
  readonly baseUrl: string;
  readonly wsBase: string;
  readonly logs: Record<string, unknown>[];
  readonly faults: Fault<LiveFaultKind>[];
  /** The emulator's only time: nothing is paced, expires or times out until the test advances it. */
  readonly clock: FakeClock;
  /** Moves the emulator's clock by `ms`, firing every timer that falls due (turn steps, deadlines). */
  advance(ms: number): void;
  /**
   * Runs the model turn `client` is receiving (from message index `from`) to its end and returns its
   * turnComplete. A turn's first step goes out the moment it starts, so once that step has arrived
   * its timer is set and advancing the clock by TURN_MS plays the rest.
   */
  playTurn(client: LiveTestClient, from?: number): Promise<ServerMessage>;
  addToken(fields: Partial<TokenRecord> & { name: string }): TokenRecord;
  admin(name: string): Promise<unknown>;
  /** Resolves once the emulator counts `n` open sockets (a close handshake has finished on its side). */
  openSockets(n: number): Promise<void>;
  stop(): Promise<void>;
}

/** Options over the test defaults; `quirks` switches single quirks against the profile's. */
export type LiveCoreOverrides = Partial<Omit<EmulatorOptions, 'quirks'>> & { readonly quirks?: Partial<Quirks> };

export async function startLiveCore(overrides: LiveCoreOverrides = {}): Promise<LiveCoreHandle> {
  const server = createServer();
  const { quirks, ...rest } = overrides;
  const options: EmulatorOptions = {
    host: '127.0.0.1',
    port: 0,
    apiKeys: [TEST_KEY],
    models: ['gemini-3.8-live', NATIVE_MODEL],
    connectionLifetimeMs: 10 * 60_000,
    maxSessions: 100,
    maxFrameBytes: 1024 * 1024,
    maxBodyBytes: 1024 * 1024,
    profile: 'observed',
    ...rest,
    quirks: { ...profileQuirks(rest.profile ?? 'observed'), ...quirks },
  };
  const clock = new FakeClock();
  const logs: Record<string, unknown>[] = [];
  const faults: Fault<LiveFaultKind>[] = [];
  const core: EmulatorCore = {
    options,
    server,
    store: new TokenStore(),
    secrets: new SecretRegistry(),
    faults: {
      takeRest: () => undefined,
      takeLive(kinds) {
        const index = faults.findIndex((f) => kinds.includes(f.kind));
        return index < 0 ? undefined : faults.splice(index, 1)[0];
      },
    },
    log: { event: (record) => void logs.push({ ...record }) },
    clock,
    admin: new Map(),
  };
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = core.admin.get(url.pathname.replace(/^\/emulator\//, ''));
    if (!handler) return void res.writeHead(404).end();
    // No auth layer here (the router's is not in this harness): the tests see everything, as an admin key would.
    void handler(req, url, { all: true }).then(({ status, body }) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    );
  });
  const live = attachLive(core);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const admin = async (name: string): Promise<unknown> =>
    (await fetch(`http://127.0.0.1:${port}/emulator/${name}`)).json();
  return {
    core,
    live,
    baseUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    logs,
    faults,
    clock,
    advance: (ms) => clock.advance(ms),
    async playTurn(client, from = 0) {
      await client.waitFor((m) => m.serverContent?.modelTurn !== undefined, 10_000, from);
      clock.advance(TURN_MS);
      return client.waitFor((m) => m.serverContent?.turnComplete === true, 10_000, from);
    },
    addToken(fields) {
      const now = clock.now();
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
    admin,
    async openSockets(n) {
      const deadline = Date.now() + 10_000;
      while (((await admin('sessions')) as { openSessions: number }).openSessions !== n) {
        if (Date.now() > deadline) throw new Error(`the emulator never counted ${n} open sockets`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async stop() {
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
