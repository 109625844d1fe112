// Who a request comes from, for the rate limit. One IPv6 host usually holds a whole /64 (SLAAC,
// privacy addresses), so keying on the full address gave it 2^64 buckets: IPv6 is keyed per /64,
// and an IPv4-mapped address (::ffff:1.2.3.4, what a dual-stack socket reports) as the IPv4 address.
// Behind a reverse proxy every request comes from the proxy: `--trust-proxy` names the proxies whose
// X-Forwarded-For is believed, read from the right as Express's `trust proxy` does (each trusted hop
// is skipped; the first address a trusted hop vouches for that is not itself trusted is the client).

import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { bare, MAX_ENTRY } from './rate-key.js';

export { rateKey } from './rate-key.js';

/** The keywords Express and Fastify users know, as subnets. */
const NAMED: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export type TrustedProxies = BlockList;

/** `--trust-proxy` values (an address, a CIDR range, or loopback/linklocal/uniquelocal) → the trusted set; none → undefined. */
export function parseTrustProxy(values: readonly string[] | undefined): TrustedProxies | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const list = new BlockList();
  for (const value of values) {
    const text = typeof value === 'string' ? value.trim() : '';
    for (const entry of NAMED[text] ?? [text]) addTrusted(list, entry, String(value));
  }
  return list;
}

function addTrusted(list: BlockList, entry: string, flag: string): void {
  const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
  const address = match ? bare(match[1]!) : '';
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const prefix = match?.[2] === undefined ? bits : Number(match[2]);
  if (family === 0 || prefix > bits) {
    throw new UsageError(
      `--trust-proxy '${flag}' is not an address, a CIDR range or loopback/linklocal/uniquelocal`,
      'e.g. --trust-proxy loopback, --trust-proxy 10.0.0.0/8',
    );
  }
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client's address: the socket's peer, or, when that peer is a trusted proxy, what the proxies forwarded. */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies | undefined): string {
  const peer = bare(req.socket.remoteAddress ?? '');
  if (trusted === undefined || !isTrusted(trusted, peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => bare(entry.trim()));
  let client = peer;
  for (let i = forwarded.length - 1; i >= 0; i -= 1) {
    const hop = forwarded[i]!;
    // Not an address: the proxy passed on something a client made up; the last vouched-for hop stands.
    if (hop === '' || hop.length > MAX_ENTRY || isIP(hop) === 0) break;
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

function isTrusted(trusted: TrustedProxies, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
