// The admin API under `/emulator/<name>` (same port, valid API key required for every route). Each
// API key sees and changes only its own: the tokens it minted, the sessions it (or its tokens)
// opened, the requests it sent, the faults it queued; plus what belongs to no key (requests and
// sessions without a valid credential, and the --fault faults, which hit everyone).
// An --admin-key sees and changes everything. So parallel test suites with their own keys cannot read
// each other's locked system instructions or trip each other's faults.
//   GET    /emulator/faults              → {"faults":[{surface,kind,remaining,retryAfterSeconds?}]}
//   POST   /emulator/faults              body {"surface":"rest","kind":"status429","count":2,"retryAfterSeconds":1}
//                                        or {"spec":"rest:429:1x2"} → 200 {"faults":[…queue…]}
//   DELETE /emulator/faults[?surface=rest|live] → 200 {"faults":[…what is left…]}
//   GET    /emulator/requests            → {"total":N,"byPath":{"/v1alpha/auth_tokens":N,…}} counts every
//                                        non-admin HTTP request received (404s included)
//   DELETE /emulator/requests            → resets the counts
//   GET    /emulator/tokens              → {"tokens":[{name,apiVersion,createdAt,expireTime,
//                                        newSessionExpireTime (ISO strings),uses,usesConsumed,setup,fieldMask}]}
//   POST   /emulator/reset               → 200 {"reset":"key"|"all"}: forgets the caller's tokens, closes
//                                        (1001) and forgets its sessions and conversations, zeroes its
//                                        request counts and drops its faults (an --admin-key: everyone's).
//                                        The one route served while recording ({"reset":"none","note":…})
//                                        or replaying ({"reset":"all"}: every cassette unused again)
// Other names are dispatched to handlers registered in core.admin (the Live half adds `sessions`).

import type { IncomingMessage } from 'node:http';
import type { AdminHandler, EmulatorCore } from '../core.js';
import { sees, type KeyIndex, type Viewer } from '../viewer.js';
import { EmulatorOptionError } from '../durations.js';
import { makeFault, parseFaultSpec, type FaultQueue, type FaultSurface } from '../faults.js';
import { readJson } from './http-io.js';
import { RpcError } from './rpc-status.js';
import { isObject } from '../json.js';

type Counts = Map<string, number>;

export class RequestCounter {
  // Per owner: the key's index; undefined for requests without a valid key (every key sees those).
  readonly #byOwner = new Map<KeyIndex | undefined, Counts>();

  record(path: string, owner: KeyIndex | undefined): void {
    const counts = this.#byOwner.get(owner) ?? new Map<string, number>();
    counts.set(path, (counts.get(path) ?? 0) + 1);
    this.#byOwner.set(owner, counts);
  }

  reset(viewer: Viewer = { all: true }): void {
    for (const owner of [...this.#byOwner.keys()]) if (sees(viewer, owner)) this.#byOwner.delete(owner);
  }

  snapshot(viewer: Viewer = { all: true }): { total: number; byPath: Record<string, number> } {
    const byPath: Record<string, number> = {};
    let total = 0;
    for (const [owner, counts] of this.#byOwner) {
      if (!sees(viewer, owner)) continue;
      for (const [path, n] of counts) {
        byPath[path] = (byPath[path] ?? 0) + n; // paths start with `/`: never `__proto__`
        total += n;
      }
    }
    return { total, byPath };
  }
}

function methodNotAllowed(req: IncomingMessage, allow: string): never {
  throw new RpcError(405, `Method ${req.method ?? '?'} is not allowed here; use ${allow}.`, [], { allow });
}

function faultsHandler(core: EmulatorCore, queue: FaultQueue): AdminHandler {
  return async (req, url, viewer) => {
    const listing = (): { status: number; body: unknown } => ({ status: 200, body: { faults: queue.list(viewer) } });
    if (req.method === 'GET') return listing();
    if (req.method === 'DELETE') {
      const surface = url.searchParams.get('surface');
      if (surface !== null && surface !== 'rest' && surface !== 'live') {
        throw new RpcError(400, 'surface must be "rest" or "live".');
      }
      queue.clear((surface ?? undefined) as FaultSurface | undefined, viewer);
      return listing();
    }
    if (req.method !== 'POST') methodNotAllowed(req, 'GET, POST, DELETE');
    const body = await readJson(req, core.options.maxBodyBytes);
    if (!isObject(body)) throw new RpcError(400, 'Expected a JSON object.');
    try {
      const entry =
        typeof body.spec === 'string'
          ? parseFaultSpec(body.spec)
          : makeFault(body as { surface: unknown; kind: unknown });
      queue.add(entry, viewer.all ? undefined : viewer.key);
    } catch (error) {
      if (error instanceof EmulatorOptionError) throw new RpcError(400, error.message);
      throw error;
    }
    core.log.event({
      event: 'fault-queued',
      faults: queue.list().length,
      ...(viewer.all ? { scope: 'all' } : { apiKeyIndex: viewer.key }),
    });
    return listing();
  };
}

function requestsHandler(counter: RequestCounter): AdminHandler {
  return async (req, _url, viewer) => {
    if (req.method === 'DELETE') counter.reset(viewer);
    else if (req.method !== 'GET') methodNotAllowed(req, 'GET, DELETE');
    return { status: 200, body: counter.snapshot(viewer) };
  };
}

function tokensHandler(core: EmulatorCore): AdminHandler {
  return async (req, _url, viewer) => {
    if (req.method !== 'GET') methodNotAllowed(req, 'GET');
    const iso = (ms: number): string => new Date(ms).toISOString();
    const list = core.store.list(viewer).map((record) => ({
      ...record,
      createdAt: iso(record.createdAt),
      expireTime: iso(record.expireTime),
      newSessionExpireTime: iso(record.newSessionExpireTime),
    }));
    return { status: 200, body: { tokens: list } };
  };
}

/**
 * POST /emulator/reset, over what `reset` clears (index.ts joins the REST and Live halves, or asks
 * the recorder or replayer: stand.ts); `reset` returns the answer's body.
 */
export function resetHandler(reset: (viewer: Viewer) => Promise<unknown>): AdminHandler {
  return async (req, _url, viewer) => {
    if (req.method !== 'POST') methodNotAllowed(req, 'POST');
    return { status: 200, body: await reset(viewer) };
  };
}

export function registerBuiltinAdmin(core: EmulatorCore, queue: FaultQueue, counter: RequestCounter): void {
  core.admin.set('faults', faultsHandler(core, queue));
  core.admin.set('requests', requestsHandler(counter));
  core.admin.set('tokens', tokensHandler(core));
}
