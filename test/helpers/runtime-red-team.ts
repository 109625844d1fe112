// Hostile requests for a token handler served by a web runtime, sent over real HTTP (node:http, so
// any method, path, header and body size goes out as written): origins, bodies, methods, paths,
// bearer headers. The handler under attack holds a canary key and a canary bearer secret and mints
// from a hostile upstream that puts the key in its answers; whatever it is asked, no answer may
// carry either secret, grant CORS to an origin not allowed, mint without the bearer, or use a
// status outside the documented set.

import { request } from 'node:http';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from '../security/hostile.js';

/** The bearer secret the guarded handler requires: a canary like the key. */
export const CANARY_BEARER = 'RedTeamBearer-7c1e9a4f2b6d8e03';

/** Every status the handler documents (docs/web-runtimes.md); `closed` only for an oversized body. */
export const DOCUMENTED_STATUSES = [200, 204, 401, 403, 404, 405, 413, 429, 502, 503];

export interface Hostile {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Answer {
  readonly status: number | 'closed';
  readonly headers: string;
  readonly body: string;
}

const OVERSIZED = 2 * 1024 * 1024;
const BEARER_HEADER = new RegExp(`^Bearer +${CANARY_BEARER}\\s*$`, 'i');

/** One request on its own connection; an answer cut short is `closed`. */
export function send(base: string, hostile: Hostile): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    // A body always goes with its length: Node sends a DELETE's or an OPTIONS's body unframed otherwise.
    const length = hostile.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(hostile.body)) };
    const headers = { ...hostile.headers, ...length };
    const req = request(
      { host: url.hostname, port: url.port, method: hostile.method, path: hostile.path, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('latin1').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: JSON.stringify(res.headers), body }));
        res.on('error', () => resolve({ status: 'closed', headers: '', body }));
      },
    );
    req.setTimeout(15_000, () => req.destroy());
    req.on('error', () => resolve({ status: 'closed', headers: '', body: '' }));
    req.end(hostile.body);
  });
}

/** The upstream the guarded handler mints from: valid tokens and hostile answers in turn. */
export function hostileUpstream(): Promise<HostilePeer> {
  const valid = { name: 'auth_tokens/redteam0123', expireTime: '2099-01-01T00:00:00Z', uses: 1 };
  const answers: Array<[number, string]> = [
    [200, JSON.stringify(valid)],
    [
      400,
      JSON.stringify({ error: { code: 400, message: `API key ${CANARY_KEY} not valid`, status: 'INVALID_ARGUMENT' } }),
    ],
    [500, `<html>internal error for key=${encodeURIComponent(CANARY_KEY)}</html>`],
    [200, JSON.stringify({ ...valid, name: `auth_tokens/${Buffer.from(CANARY_KEY).toString('base64url')}` })],
    [429, JSON.stringify({ error: { code: 429, message: `quota of ${CANARY_KEY}`, status: 'RESOURCE_EXHAUSTED' } })],
    [200, `not json ${CANARY_KEY}`],
  ];
  let next = 0;
  return hostileHttp((_req, res) => {
    const [status, body] = answers[next++ % answers.length]!;
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
}

/** Requests every runtime gets, generated ones aside: the edges named one by one. */
export function fixedCases(tokenPath: string, allowed: string): Hostile[] {
  const bearer = { authorization: `Bearer ${CANARY_BEARER}` };
  const post = (headers: Record<string, string>, body?: string, path = tokenPath): Hostile => ({
    method: 'POST',
    path,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return [
    post({}),
    post({ authorization: 'Bearer wrong-secret-0123456789' }),
    post({ authorization: CANARY_BEARER }),
    post({ authorization: `Basic ${Buffer.from(`u:${CANARY_BEARER}`).toString('base64')}` }),
    post({ ...bearer, origin: 'https://evil.example' }),
    post({ ...bearer, origin: 'null' }),
    post({ ...bearer, origin: `${allowed}.evil.example` }),
    post({ ...bearer, origin: allowed, 'content-type': 'application/json' }, '{"apiKey":"x","uses":1000}'),
    post({ ...bearer, 'content-type': 'application/json' }, '{not json'),
    post({ ...bearer }, 'x'.repeat(2048)),
    post({ ...bearer, 'content-type': 'application/octet-stream' }, 'x'.repeat(OVERSIZED)),
    post({ ...bearer }, undefined, `${tokenPath}?key=${CANARY_KEY}`),
    post({ ...bearer }, undefined, `${tokenPath}/../../etc/passwd`),
    { method: 'OPTIONS', path: tokenPath, headers: { origin: allowed, 'access-control-request-method': 'POST' } },
    { method: 'OPTIONS', path: tokenPath, headers: { origin: 'https://evil.example' } },
    { method: 'GET', path: tokenPath, headers: bearer },
    { method: 'DELETE', path: tokenPath, headers: bearer },
    { method: 'PROPFIND', path: tokenPath, headers: bearer },
    { method: 'HEAD', path: tokenPath, headers: {} },
  ];
}

/** Generated requests: every field drawn from the edges and from noise. */
export function hostileArb(tokenPath: string, allowed: string): fc.Arbitrary<Hostile> {
  const noise = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
  const headerValue = noise.map((text) => text.replace(/[^\x20-\x7e]/g, ''));
  const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
  return fc
    .record({
      method: fc.constantFrom('POST', 'POST', 'POST', 'OPTIONS', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'PROPFIND'),
      path: fc.oneof(
        fc.constant(tokenPath),
        fc.constantFrom('/', '//', '/token/', '/%2e%2e/', '/healthz', `${tokenPath}/x`, `${tokenPath}?uses=9`),
        fc.stringMatching(/^[A-Za-z0-9._~%/-]{0,30}$/).map((tail) => `/${tail}`),
      ),
      origin: optional(
        fc.oneof(fc.constantFrom(allowed, 'null', 'https://evil.example', allowed.toUpperCase()), headerValue),
      ),
      authorization: optional(
        fc.oneof(
          fc.constantFrom(`Bearer ${CANARY_BEARER}`, `bearer  ${CANARY_BEARER}`, `Bearer ${CANARY_BEARER}x`, 'Bearer'),
          headerValue,
        ),
      ),
      contentType: optional(fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x')),
      preflight: fc.boolean(),
      body: optional(
        fc.oneof(fc.constantFrom('{}', '{"uses":99}', 'null', '[]', '{'), noise, fc.constant('y'.repeat(1500))),
      ),
    })
    .map(({ method, path, origin, authorization, contentType, preflight, body }) => ({
      method,
      path,
      headers: {
        ...(origin === undefined ? {} : { origin }),
        ...(authorization === undefined ? {} : { authorization }),
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        ...(preflight
          ? { 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' }
          : {}),
      },
      ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
    }));
}

export interface Expected {
  /** The one origin the handler allows. */
  readonly allowed: string;
  /** The path the handler answers. */
  readonly tokenPath: string;
  /** Statuses the runtime answers itself on that path (a method the framework does not know). */
  readonly own?: readonly number[] | undefined;
  /** A framework routes the other paths (its own 404, 405…): their status is not the handler's. */
  readonly frameworkRoutes?: boolean | undefined;
}

/** The properties every answer must have. */
export function expectSafeAnswer(hostile: Hostile, answer: Answer, expected: Expected): void {
  const what = `${hostile.method} ${hostile.path} ${JSON.stringify(hostile.headers)} → ${answer.status}`;
  const statuses: Array<number | 'closed'> = [...DOCUMENTED_STATUSES, ...(expected.own ?? [])];
  if ((hostile.body?.length ?? 0) >= OVERSIZED) statuses.push('closed');
  const onRoute = new URL(`http://x${hostile.path}`).pathname === expected.tokenPath;
  if (onRoute || !expected.frameworkRoutes) expect(statuses, what).toContain(answer.status);
  const seen = { headers: answer.headers, body: answer.body };
  expectNoCanary(seen);
  expectNoCanary(seen, CANARY_BEARER);
  const granted = /"access-control-allow-origin":"([^"]*)"/.exec(answer.headers)?.[1];
  if (granted !== undefined) expect([expected.allowed], `${what}: CORS granted`).toContain(granted);
  if (answer.status === 200 && hostile.method === 'POST')
    expect(hostile.headers.authorization, `${what}: minted without the bearer`).toMatch(BEARER_HEADER);
}
