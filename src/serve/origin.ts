// Which browser pages may ask for a token. Requests without an Origin header come from programs
// (curl, a backend) and pass to the bearer check. A page may ask when its origin is listed
// (`--allow-origin`, exact or `https://*.example.com`) or when it is this server's own origin (the built-in page, or an app served by
// the same host). Same-origin is judged from the Host header, which a DNS-rebinding page controls:
// on a loopback socket only loopback host names count, so evil.example rebound to 127.0.0.1 is
// refused like any other foreign origin.

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

/**
 * `allowed`: the `--allow-origin` list (origin-pattern.ts). `host`: the Host header. `loopbackSocket`:
 * whether the request reached a loopback address, or undefined where the runtime does not say (a Fetch
 * handler): then a same-origin page counts only over https (the certificate vouches for the host name)
 * or on a loopback host name, since a rebound plain-http name is exactly what cannot be told apart.
 */
export function judgeOrigin(
  origin: string | null | undefined,
  host: string | null | undefined,
  allowed: (origin: string) => boolean,
  loopbackSocket: boolean | undefined,
): OriginVerdict {
  if (origin === undefined || origin === null) return 'no-origin';
  if (allowed(origin)) return 'allowed';
  return isSameOrigin(origin, host, loopbackSocket) ? 'allowed' : 'refused';
}

function isSameOrigin(origin: string, host: string | null | undefined, loopbackSocket: boolean | undefined): boolean {
  if (host === undefined || host === null) return false;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  if (page.host !== host.toLowerCase()) return false;
  if (loopbackSocket === undefined) return page.protocol === 'https:' || isLoopbackAddress(page.hostname);
  return !loopbackSocket || isLoopbackAddress(page.hostname);
}
