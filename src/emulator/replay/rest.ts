// --replay, REST half: each request gets the next unused recorded answer for its method and path
// (mint bodies carry times that differ every run, so order decides, not the body). Placeholder
// token names in an answer become fresh names; `tokens` maps them back so a Live session opened
// with one meets the recording that used it. Nothing recorded left → 500 naming rest.ndjson.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorLog } from '../core.js';
import { REST_FILE, bodyText } from '../record/cassette.js';
import { applyCors } from '../rest/cors.js';
import type { RestExchange } from './load.js';

export class ReplayTokens {
  private readonly fresh = new Map<number, string>();
  private readonly back = new Map<string, number>();

  /** The fresh id standing for placeholder n (the same one every time n comes back). */
  idFor(n: number): string {
    let id = this.fresh.get(n);
    if (id === undefined) {
      id = randomBytes(32).toString('hex');
      this.fresh.set(n, id);
      this.back.set(id, n);
    }
    return id;
  }

  /** The placeholder a token name (or bare id) handed out by this replayer stands for. */
  placeholderOf(token: string): number | undefined {
    return this.back.get(token.replace(/^auth_tokens(\/|%2F)/i, ''));
  }

  /** A reset: the names handed out so far no longer stand for any placeholder. */
  forget(): void {
    this.fresh.clear();
    this.back.clear();
  }

  substitute(text: string): string {
    return text.replace(
      /auth_tokens\/<placeholder-(\d+)>/g,
      (_whole, n: string) => `auth_tokens/${this.idFor(Number(n))}`,
    );
  }
}

export function restReplay(exchanges: readonly RestExchange[], tokens: ReplayTokens, log: EmulatorLog) {
  const used = new Set<RestExchange>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // CORS as the emulator answers it (a preflight is not matched against the recording: whether a
    // browser sends one depends on its cache), and allow-origin for this page, not the recorded one.
    if (applyCors(req, res)) return;
    req.resume();
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/{2,}/g, '/');
    const method = req.method ?? 'GET';
    const next = exchanges.find(
      (exchange) => !used.has(exchange) && exchange.method === method && exchange.path === path,
    );
    if (!next) {
      const message = `gemtoken replay: no unused recording in ${REST_FILE} for ${method} ${path}`;
      log.event({ event: 'replay.mismatch', file: REST_FILE, request: `${method} ${path}` });
      res.writeHead(500, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify({ error: { code: 500, message, status: 'INTERNAL' } }));
      return;
    }
    used.add(next);
    const { response } = next;
    const body = bodyText(response);
    const recorded = Object.entries((response['headers'] ?? {}) as Record<string, string>);
    const headers = Object.fromEntries(recorded.filter(([name]) => !/^(access-control-|vary$)/i.test(name)));
    log.event({ event: 'replay.rest', request: `${method} ${path}`, answer: response['status'] });
    res.writeHead(Number(response['status'] ?? 200), headers).end(tokens.substitute(body));
  };
  /** A reset: every recorded answer can be given again, from the first. */
  return { onRequest, rewind: () => used.clear() };
}
