// API-key checks shared by the REST routes and the admin API: `x-goog-api-key` header (what the
// SDK sends) or `?key=` (the generic Google convention).

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { apiKeyInvalid, missingCredential } from './rpc-status.js';

export function presentedKey(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-goog-api-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const key = fromHeader || url.searchParams.get('key') || undefined;
  return key === '' ? undefined : key;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The position of `key` in `keys` (what owners are recorded as), or undefined when it is not one. */
export function keyIndex(keys: readonly string[], key: string | undefined): number | undefined {
  if (key === undefined) return undefined;
  const index = keys.findIndex((known) => same(known, key));
  return index < 0 ? undefined : index;
}

/** Throws the service's 403 (no key) or 400 API_KEY_INVALID (unknown key). */
export function requireApiKey(req: IncomingMessage, url: URL, keys: readonly string[]): string {
  const key = presentedKey(req, url);
  if (key === undefined) throw missingCredential();
  if (!keys.some((known) => same(known, key))) throw apiKeyInvalid();
  return key;
}
