// Through the built binary: the rate limit is keyed per client address with IPv6
// per /64 and IPv4-mapped IPv6 as IPv4; --trust-proxy keys it on the client a trusted proxy forwards
// (X-Forwarded-For is ignored without it); --allow-origin takes https://*.example.com and refuses
// any other wildcard with exit 2 before a key is read.

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { call, startServe, type ServeHandle } from './serve-helpers.js';

const running: ServeHandle[] = [];
afterEach(async () => {
  for (const handle of running.splice(0)) await handle.stop();
});

async function serve(args: readonly string[]): Promise<ServeHandle> {
  const handle = await startServe(['--emulator', ...args]);
  running.push(handle);
  return handle;
}

const mint = async (s: ServeHandle, headers: Record<string, string> = {}): Promise<number> =>
  (await call(`${s.url}/token`, { method: 'POST', headers })).status;
const from = (address: string) => ({ 'x-forwarded-for': address });

describe('gemtoken serve: the rate limit per client', () => {
  it("without --trust-proxy, X-Forwarded-For is ignored: every request is the socket's peer", async () => {
    const s = await serve(['--rate', '1/h']);
    expect(await mint(s, from('198.51.100.1'))).toBe(200);
    expect(await mint(s, from('198.51.100.2'))).toBe(429);
  });

  it('with --trust-proxy loopback: the forwarded client is the key, IPv6 per /64, IPv4-mapped as IPv4', async () => {
    const s = await serve(['--rate', '1/h', '--trust-proxy', 'loopback']);
    expect(await mint(s, from('2001:db8:1:2::1'))).toBe(200);
    // Another address in the same /64: the same bucket.
    expect(await mint(s, from('2001:db8:1:2:ffff:ffff:ffff:fffe'))).toBe(429);
    // The next /64 is another client.
    expect(await mint(s, from('2001:db8:1:3::1'))).toBe(200);
    expect(await mint(s, from('198.51.100.7'))).toBe(200);
    expect(await mint(s, from('::ffff:198.51.100.7'))).toBe(429);
    // A client cannot pick its key by prepending: the proxy's own entry (rightmost) counts.
    expect(await mint(s, from('203.0.113.50, 198.51.100.7'))).toBe(429);
  });

  it('a bad --trust-proxy is exit 2 with one line and its hint, before a key is read', async () => {
    const result = await runCli(['serve', '--trust-proxy', 'proxy.example.com'], { env: {} });
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([
      "gemtoken: --trust-proxy 'proxy.example.com' is not an address, a CIDR range or loopback/linklocal/uniquelocal",
      'hint: e.g. --trust-proxy loopback, --trust-proxy 10.0.0.0/8',
    ]);
  });
});

describe('gemtoken serve --allow-origin patterns', () => {
  it('https://*.example.com admits one or more labels in place of the *, with that scheme and port only', async () => {
    const s = await serve(['--allow-origin', 'https://*.example.com']);
    for (const origin of ['https://app.example.com', 'https://a.b.example.com']) {
      const reply = await call(`${s.url}/token`, { method: 'POST', headers: { origin } });
      expect({ status: reply.status, cors: reply.headers.get('access-control-allow-origin') }).toEqual({
        status: 200,
        cors: origin,
      });
    }
    for (const origin of [
      'https://example.com',
      'http://app.example.com',
      'https://app.example.com:8443',
      'https://evilexample.com',
      'https://app.example.com.evil.test',
    ]) {
      expect(await mint(s, { origin })).toBe(403);
    }
  });

  it.each([
    ['https://*', 'is not an origin pattern: the * stands for whole leading labels, as in https://*.example.com'],
    ['https://*.com', 'matches a whole top-level domain: name at least two labels after *.'],
    [
      'https://app.*.example.com',
      'is not an origin pattern: the * stands for whole leading labels, as in https://*.example.com',
    ],
    ['https://app.example.com/path', 'is not an origin'],
  ])('--allow-origin %s is exit 2 with one line and its hint, before a key is read', async (value, why) => {
    const result = await runCli(['serve', '--allow-origin', value], { env: {} });
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([
      `gemtoken: --allow-origin '${value}' ${why}`,
      'hint: an origin is scheme://host[:port] with no path, e.g. https://app.example.com, or https://*.example.com for its subdomains',
    ]);
  });
});
