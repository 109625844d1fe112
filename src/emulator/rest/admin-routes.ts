// The admin API under `/emulator/<name>` (same port, valid API key required for every route):
//   GET    /emulator/faults              → {"faults":[{surface,kind,remaining,retryAfterSeconds?}]}
//   POST   /emulator/faults              body {"surface":"rest","kind":"status429","count":2,"retryAfterSeconds":1}
//                                        or {"spec":"rest:429:1x2"} → 200 {"faults":[…queue…]}
//   DELETE /emulator/faults[?surface=rest|live] → 200 {"faults":[…what is left…]}
//   GET    /emulator/requests            → {"total":N,"byPath":{"/v1alpha/auth_tokens":N,…}} counts every
//                                        non-admin HTTP request received (404s included)
//   DELETE /emulator/requests            → resets the counts
//   GET    /emulator/tokens              → {"tokens":[{name,apiVersion,createdAt,expireTime,
//                                        newSessionExpireTime (ISO strings),uses,usesConsumed,setup,fieldMask}]}
// Other names are dispatched to handlers registered in core.admin (the Live half adds `sessions`).

import type { IncomingMessage } from 'node:http';
import type { AdminHandler, EmulatorCore } from '../core.js';
import { EmulatorOptionError } from '../durations.js';
import { makeFault, parseFaultSpec, type FaultQueue, type FaultSurface } from '../faults.js';
import { readJson } from './http-io.js';
import { RpcError } from './rpc-status.js';
import { isObject } from '../json.js';

export class RequestCounter {
  #byPath: Record<string, number> = {};
  #total = 0;

  record(path: string): void {
    this.#total += 1;
    this.#byPath[path] = (this.#byPath[path] ?? 0) + 1;
  }

  reset(): void {
    this.#byPath = {};
    this.#total = 0;
  }

  snapshot(): { total: number; byPath: Record<string, number> } {
    return { total: this.#total, byPath: { ...this.#byPath } };
  }
}

function methodNotAllowed(req: IncomingMessage, allow: string): never {
  throw new RpcError(405, `Method ${req.method ?? '?'} is not allowed here; use ${allow}.`, [], { allow });
}

function faultsHandler(core: EmulatorCore, queue: FaultQueue): AdminHandler {
  const listing = (): { status: number; body: unknown } => ({ status: 200, body: { faults: queue.list() } });
  return async (req, url) => {
    if (req.method === 'GET') return listing();
    if (req.method === 'DELETE') {
      const surface = url.searchParams.get('surface');
      if (surface !== null && surface !== 'rest' && surface !== 'live') {
        throw new RpcError(400, 'surface must be "rest" or "live".');
      }
      queue.clear((surface ?? undefined) as FaultSurface | undefined);
      return listing();
    }
    if (req.method !== 'POST') methodNotAllowed(req, 'GET, POST, DELETE');
    const body = await readJson(req, core.options.maxBodyBytes);
    if (!isObject(body)) throw new RpcError(400, 'Expected a JSON object.');
    try {
      queue.add(typeof body.spec === 'string' ? parseFaultSpec(body.spec) : makeFault(body as { surface: unknown; kind: unknown }));
    } catch (error) {
      if (error instanceof EmulatorOptionError) throw new RpcError(400, error.message);
      throw error;
    }
    core.log.event({ event: 'fault-queued', faults: queue.list().length });
    return listing();
  };
}

function requestsHandler(counter: RequestCounter): AdminHandler {
  return async (req) => {
    if (req.method === 'DELETE') counter.reset();
    else if (req.method !== 'GET') methodNotAllowed(req, 'GET, DELETE');
    return { status: 200, body: counter.snapshot() };
  };
}

function tokensHandler(core: EmulatorCore): AdminHandler {
  return async (req) => {
    if (req.method !== 'GET') methodNotAllowed(req, 'GET');
    const iso = (ms: number): string => new Date(ms).toISOString();
    const list = core.store.list().map((record) => ({
      ...record,
      createdAt: iso(record.createdAt),
      expireTime: iso(record.expireTime),
      newSessionExpireTime: iso(record.newSessionExpireTime),
    }));
    return { status: 200, body: { tokens: list } };
  };
}

export function registerBuiltinAdmin(
  core: EmulatorCore,
  queue: FaultQueue,
  counter: RequestCounter,
): void {
  core.admin.set('faults', faultsHandler(core, queue));
  core.admin.set('requests', requestsHandler(counter));
  core.admin.set('tokens', tokensHandler(core));
}
