// GET / and its files (the app's scripts, the SDK's browser build it imports, its style sheet and icon):
// the built-in example page. esbuild.config.mjs puts them in dist/web/, one folder up from this module
// in both the tsc output (dist/serve/) and the CLI bundle (dist/chunks/). Read once, on the first
// request that wants them.

import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

export const PAGE_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.mjs': { file: 'app.mjs', type: 'text/javascript; charset=utf-8' },
  '/vision.mjs': { file: 'vision.mjs', type: 'text/javascript; charset=utf-8' },
  '/genai.mjs': { file: 'genai.mjs', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
  // Asked for by browsers that do not read the page's <link rel="icon">: the same picture, not a 404.
  '/favicon.ico': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * Every file of the page comes from this server, so nothing inline is allowed: no 'unsafe-inline'
 * for scripts or styles. The page talks to this server and to the Live API only, and is never framed.
 */
export const PAGE_CSP =
  "default-src 'self'; connect-src 'self' ws: wss: http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function pageAssets(
  dir: URL = new URL('../web/', import.meta.url),
): (path: string, res: ServerResponse) => Promise<boolean> {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (file: string): Promise<Buffer> => {
    let body = cache.get(file);
    if (body === undefined) {
      body = readFile(new URL(file, dir));
      cache.set(file, body);
      // A missing file (no build yet) is looked for again next time.
      body.catch(() => cache.delete(file));
    }
    return body;
  };
  return async (path, res) => {
    const asset = PAGE_FILES[path];
    if (asset === undefined) return false;
    let body: Buffer;
    try {
      body = await load(asset.file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('the built-in page is missing: run npm run build\n');
      return true;
    }
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': String(body.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': PAGE_CSP,
    });
    res.end(body);
    return true;
  };
}
