// Reads a --replay directory into what the replayer serves: each Live cassette as its setup, the
// client messages it expects in order, and its server lines, each tied to the client message it
// followed and the delay after it; the upgrades the upstream refused; and the REST exchanges in
// recorded order.

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EmulatorOptionError } from '../durations.js';
import { LIVE_FILE, REST_FILE, bodyText, type CassetteLine } from '../record/cassette.js';
import { pairRest, readLines } from '../record/cassette-lines.js';
import { PLACEHOLDER } from '../record/redact.js';
import { setupKey, resumptionHandle } from './match.js';

export interface ServerStep {
  readonly line: CassetteLine;
  /** How many client messages (setup included) had arrived when the server sent it. */
  readonly after: number;
  /** ms between that client message (or the open) and this line. */
  readonly delayMs: number;
}

export interface LiveCassette {
  readonly file: string;
  /** Place among the Live cassettes (file order). */
  readonly order: number;
  /** The upgrade's path without its query. */
  readonly route: string;
  readonly setupKey: string;
  readonly handle: string | undefined;
  /** The token placeholder the session was opened with, if any. */
  readonly placeholder: number | undefined;
  /** No client message was recorded: the session is met at its upgrade, in order (upgrade-order.ts). */
  readonly setupless: boolean;
  /** Client frames in order; [0] is the setup. */
  readonly client: readonly CassetteLine[];
  readonly server: readonly ServerStep[];
  /** The client closed the recorded session (rather than the server). */
  readonly closedByClient: boolean;
}

/** An upgrade the upstream answered with plain HTTP (a `refused` line): replayed as the same answer. */
export interface RefusedUpgrade {
  readonly file: string;
  /** Place among the Live cassettes (file order): refusals and sessions are met in recording order. */
  readonly order: number;
  /** The upgrade's path without its query. */
  readonly route: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RestExchange {
  readonly method: string;
  readonly path: string;
  readonly response: CassetteLine;
}

export interface Cassettes {
  readonly dir: string;
  readonly live: readonly LiveCassette[];
  readonly refused: readonly RefusedUpgrade[];
  readonly rest: readonly RestExchange[];
}

const pathOf = (raw: unknown): string => (typeof raw === 'string' ? raw.split('?')[0]!.replace(/\/{2,}/g, '/') : '/');

export function refusedUpgrade(
  file: string,
  lines: readonly CassetteLine[],
  order: number,
): RefusedUpgrade | undefined {
  const refused = lines.find((line) => line.kind === 'refused');
  if (!refused) return undefined;
  const status = refused['status'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 300 || status > 599) {
    throw new EmulatorOptionError(
      `--replay: ${file}: a refused upgrade's "status" must be an HTTP status from 300 to 599`,
    );
  }
  const headers = Object.fromEntries(
    Object.entries(refused['headers'] ?? {}).filter(([, value]) => typeof value === 'string'),
  ) as Record<string, string>;
  return {
    file,
    order,
    route: pathOf(lines.find((line) => line.kind === 'open')?.['path']),
    status,
    headers,
    body: bodyText(refused),
  };
}

export function liveCassette(file: string, lines: readonly CassetteLine[], order = 0): LiveCassette {
  const open = lines.find((line) => line.kind === 'open');
  const client: CassetteLine[] = [];
  const server: ServerStep[] = [];
  for (const line of lines) {
    if (line.kind === 'frame' && line.dir === 'client') client.push(line);
    else if (line.dir === 'server' && (line.kind === 'frame' || line.kind === 'close')) {
      const anchor = client.at(-1)?.t ?? open?.t ?? 0;
      server.push({ line, after: client.length, delayMs: Math.max(0, line.t - anchor) });
    }
  }
  // The upstream closed before the client's setup reached the cassette (a bad key closes at once).
  const setupless = client.length === 0;
  const placeholder = PLACEHOLDER.exec(JSON.stringify(open ?? {}))?.[1];
  return {
    file,
    order,
    route: pathOf(open?.['path']),
    setupKey: setupless ? '' : setupKey(client[0]!['json']),
    handle: setupless ? undefined : resumptionHandle(client[0]!['json']),
    setupless,
    placeholder: placeholder === undefined ? undefined : Number(placeholder),
    client,
    server,
    closedByClient: lines.some((line) => line.kind === 'close' && line.dir === 'client'),
  };
}

export async function loadCassettes(dir: string, signal?: AbortSignal): Promise<Cassettes> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new EmulatorOptionError(`--replay: no directory "${dir}"`);
  const names = readdirSync(dir).sort();
  const live: LiveCassette[] = [];
  const refused: RefusedUpgrade[] = [];
  for (const [order, name] of names.filter((name) => LIVE_FILE.test(name)).entries()) {
    const lines = await readLines(path.join(dir, name), '--replay', signal);
    const refusal = refusedUpgrade(name, lines, order);
    if (refusal) refused.push(refusal);
    else live.push(liveCassette(name, lines, order));
  }
  const restLines = names.includes(REST_FILE) ? await readLines(path.join(dir, REST_FILE), '--replay', signal) : [];
  const rest: RestExchange[] = [];
  for (const { request, response } of pairRest(restLines)) {
    if (response) rest.push({ method: String(request['method'] ?? 'POST'), path: pathOf(request['path']), response });
  }
  if (live.length === 0 && refused.length === 0 && rest.length === 0)
    throw new EmulatorOptionError(`--replay: no cassettes (${REST_FILE}, live-NNNN.ndjson) in "${dir}"`);
  return { dir, live, refused, rest };
}
