// CORS on every HTTP route (the Gemini API's REST surface answers browser
// preflights; web apps call it from the page). Allowing any origin is right for a local stand-in:
// the key check still applies to the real request, and the preflight itself carries no credential.

import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'x-goog-api-key, x-goog-api-client, content-type, authorization';
const PREFLIGHT_MAX_AGE_S = '3600';

/** Sets allow-origin on the reply; answers a preflight (true) so the router stops there. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  res.setHeader('access-control-allow-origin', origin ?? '*');
  if (origin) res.setHeader('vary', 'origin');
  if (req.method !== 'OPTIONS') return false;
  req.resume();
  res.writeHead(204, {
    'access-control-allow-methods': ALLOW_METHODS,
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-max-age': PREFLIGHT_MAX_AGE_S,
  });
  res.end();
  return true;
}
