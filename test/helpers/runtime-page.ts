// The browser half of a web runtime test: a page on an origin of its own (not the token
// endpoint's) loads the client block of docs/web-runtimes.md verbatim (esbuild strips its types, as
// a front-end build would; an import map resolves `@google/genai` to the SDK's browser build, as a
// bundler would), fetches a token from the endpoint (the browser enforces CORS), opens Live with
// it, says hello by text and waits for the spoken reply's transcript. The test reads
// window.liveResult.

import { transformSync } from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { serveStatic, type StaticSite } from './browser.js';

/** What the page says, by text. */
export const HELLO = 'Hello from the page';

const HTML = `<!doctype html><meta charset="utf-8"><title>live</title>
<script type="importmap">{ "imports": { "@google/genai": "./sdk.mjs" } }</script>
<script type="module">
  import { openLive } from './live.mjs';

  const tokenUrl = new URLSearchParams(location.search).get('token');
  window.liveResult = (async () => {
    let transcript = '';
    let settle;
    const turn = new Promise((resolve, reject) => (settle = { resolve, reject }));
    const session = await openLive(tokenUrl, {
      onmessage: (message) => {
        transcript += message.serverContent?.outputTranscription?.text ?? '';
        if (message.serverContent?.turnComplete) settle.resolve();
      },
      onerror: (event) => settle.reject(new Error('socket error: ' + (event.message ?? event.type))),
      onclose: (event) => settle.reject(new Error('closed ' + event.code + ' ' + event.reason)),
    });
    session.sendClientContent({ turns: ${JSON.stringify(HELLO)}, turnComplete: true });
    await turn;
    session.close();
    return { transcript };
  })().catch((error) => ({ error: String(error?.message ?? error) }));
</script>`;

export interface LiveResult {
  readonly transcript?: string;
  readonly error?: string;
}

/** The page's site: index.html, the docs' client module as live.mjs (its types stripped, as a bundler does), the SDK's browser build. */
export function pageSite(clientModule: string): Promise<StaticSite> {
  const js = transformSync(clientModule, { loader: 'ts', format: 'esm' }).code;
  return serveStatic({ 'index.html': HTML, 'live.mjs': js });
}

/** Opens the page (from `origin`, the site's by default) against `tokenUrl`: what it reported, its own errors included. */
export async function liveFromPage(
  browser: Browser,
  site: StaticSite,
  tokenUrl: string,
  origin: string = site.origin,
): Promise<LiveResult> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/index.html?${new URLSearchParams({ token: tokenUrl })}`);
    await page.waitForFunction('window.liveResult !== undefined');
    return (await page.evaluate('window.liveResult')) as LiveResult;
  } finally {
    await page.close();
  }
}
