// Which browser pages may ask for a token. Requests without an Origin header come from programs
// (curl, a backend) and pass to the bearer check. A page may ask when its origin is listed
// (`--allow-origin`, exact or `https://*.example.com`) or when it is this server's own origin (the built-in page, or an app served by
// the same host). Same-origin is judged from the Host header, which a DNS-rebinding page controls:
// on a loopback socket only loopback host names count, so evil.example rebound to 127.0.0.1 is
// refused like any other foreign origin.

import type { IncomingMessage } from 'node:http';

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** `https://app.example.com` as browsers send it: scheme, host and a non-default port, no path. */
export function normalizeOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
  if (url.pathname !== '/' || url.search || url.hash || /\/./.test(text.replace(/^[a-z]+:\/\//i, ''))) return undefined;
  return url.origin;
}

export type OriginVerdict = 'no-origin' | 'allowed' | 'refused';

/** `allowed`: the `--allow-origin` list (origin-pattern.ts). */
export function judgeOrigin(req: IncomingMessage, allowed: (origin: string) => boolean): OriginVerdict {
  const origin = req.headers.origin;
  if (origin === undefined) return 'no-origin';
  if (allowed(origin)) return 'allowed';
  return isSameOrigin(origin, req) ? 'allowed' : 'refused';
}

function isSameOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (host === undefined) return false;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  if (page.host !== host.toLowerCase()) return false;
  return !isLoopbackAddress(req.socket.localAddress) || isLoopbackAddress(page.hostname);
}
