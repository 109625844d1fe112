// Which Live method a WebSocket upgrade asks for, and the credential it carries (https://ai.google.dev/api/live).
// Pure: takes the raw request target and headers.

export const LiveMethod = {
  key: 'BidiGenerateContent',
  token: 'BidiGenerateContentConstrained',
} as const;
export type LiveMethodName = (typeof LiveMethod)[keyof typeof LiveMethod];

export type CredentialSource = 'query-key' | 'header-key' | 'query-access-token' | 'header-token';

export interface Credential {
  readonly source: CredentialSource;
  readonly value: string;
}

export interface LiveRoute {
  readonly apiVersion: string;
  readonly method: LiveMethodName;
  readonly credential: Credential | undefined;
}

// v1 too: SDK 3.x connects there by default, and no source says the real service refuses it (docs/emulator.md).
const PATH =
  /^\/ws\/google\.ai\.generativelanguage\.(v1alpha|v1beta|v1)\.GenerativeService\.(BidiGenerateContent|BidiGenerateContentConstrained)$/;

/** The JS SDK builds `//ws/…` (js-genai #691); the real server tolerates it, so do we. */
export function normalisePath(path: string): string {
  return path.replace(/^\/{2,}/, '/');
}

/**
 * Query parameters without URLSearchParams' `+` → space rule: the SDK puts keys and tokens in the
 * URL unencoded, so a literal `+` must survive.
 */
export function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const raw = eq < 0 ? '' : pair.slice(eq + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // A malformed escape: keep the raw text; auth will simply not match it.
    }
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function findCredential(query: Map<string, string>, headers: Headers): Credential | undefined {
  const accessToken = query.get('access_token');
  if (accessToken) return { source: 'query-access-token', value: accessToken };
  const authorization = header(headers, 'authorization');
  const match = authorization ? /^Token\s+(\S+)\s*$/i.exec(authorization) : null;
  if (match?.[1]) return { source: 'header-token', value: match[1] };
  const key = query.get('key');
  if (key) return { source: 'query-key', value: key };
  const headerKey = header(headers, 'x-goog-api-key');
  if (headerKey) return { source: 'header-key', value: headerKey };
  return undefined;
}

/** undefined when the target is not a Live route (the upgrade gets a 404). */
export function parseLiveRoute(target: string, headers: Headers): LiveRoute | undefined {
  const q = target.indexOf('?');
  const path = normalisePath(q < 0 ? target : target.slice(0, q));
  const match = PATH.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  return {
    apiVersion: match[1],
    method: match[2] as LiveMethodName,
    credential: findCredential(parseQuery(q < 0 ? '' : target.slice(q + 1)), headers),
  };
}
