// The built-in page of `gemtoken serve --emulator` in a real headless Chromium with a fake microphone:
// the page asks for the microphone, fetches a token from its own server, opens Live from its origin
// with the SDK's browser build, streams the microphone and plays the reply. Checked by the page's own
// report (window.gemtokenReport) and by the emulator's counters, with every console error, failed
// request and error status counted as a failure (its own Content-Security-Policy blocks nothing). A
// denied microphone spends no token. A page on another origin is refused.
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, serveStatic, watch, type StaticSite } from '../helpers/browser.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { endSessionsAndWait, openTalkingPage } from './serve-page-helpers.js';
import { call, startServe, type ServeHandle } from './serve-helpers.js';

interface PageReport {
  state: string;
  error?: string;
  sentChunks: number;
  replyBytes: number;
  playedSeconds: number;
  turns: number;
  transcript: string;
  token?: { apiVersion: string; model: string | null; wsUrl: string };
}

const FOREIGN_PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
  const params = new URLSearchParams(location.search);
  window.tokenResult = fetch(params.get('server') + '/token', { method: 'POST' })
    .then((r) => 'status ' + r.status, (e) => 'refused: ' + e.message);
</script>`;

const tokenRequests = (serve: ServeHandle): number => (serve.stderr().match(/^POST \/token /gm) ?? []).length;

describe.skipIf(requireChromium())('gemtoken serve: the built-in page in headless Chromium', () => {
  let serve: ServeHandle;
  let site: StaticSite;
  let browser: Browser;
  const pageLogs: string[] = [];

  beforeAll(async () => {
    serve = await startServe(['--emulator'], { GEMINI_API_KEY: CANARY_KEY });
    site = await serveStatic({ 'index.html': FOREIGN_PAGE });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    expect(await serve?.stop()).toBe(0);
  });

  it('fetches a token, opens Live from its own origin, sends the microphone and plays the spoken reply', async () => {
    const page = await browser.newPage();
    const { problems, requests } = watch(page);
    page.on('console', (message) => pageLogs.push(message.text()));
    await page.goto(`${serve.url}/`, { waitUntil: 'networkidle0' });
    // Styled by its style sheet (the CSP allows no inline style), with its icon.
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('640px');
    expect(requests).toEqual(expect.arrayContaining(['GET /page.css', 'GET /app.mjs', 'GET /genai.mjs']));
    expect(await page.evaluate('fetch("/favicon.ico").then((r) => r.status)')).toBe(200);
    await page.click('#start');
    await page.waitForFunction('window.gemtokenReport.turns >= 1 || window.gemtokenReport.error !== undefined', {
      timeout: 45_000,
    });
    const report = (await page.evaluate('window.gemtokenReport')) as PageReport;
    expect(report.error).toBeUndefined();
    expect(report.token?.wsUrl).toContain('BidiGenerateContentConstrained');
    expect(report.sentChunks).toBeGreaterThan(0);
    expect(report.replyBytes).toBeGreaterThan(0);
    expect(report.transcript).toMatch(/^Turn 1\. I heard \d+\.\d seconds of speech\./);
    // Each reply in its own block.
    expect(await page.$$eval('#transcript .turn', (turns) => turns.map((turn) => turn.textContent))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^geminiTurn 1\. I heard/)]),
    );
    // Played: the reply's buffers ended in the page's AudioContext (24 kHz, 2 bytes a sample).
    await expect
      .poll(() => page.evaluate('window.gemtokenReport.playedSeconds') as Promise<number>, { timeout: 20_000 })
      .toBeGreaterThan(0);

    // The emulator saw it the same way: a token-authenticated Constrained session with audio in and a turn out.
    const admin = await call(`${serve.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': CANARY_KEY } });
    const sessions = (JSON.parse(admin.text) as { sessions: Array<Record<string, unknown>> }).sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ method: 'BidiGenerateContentConstrained', apiVersion: 'v1alpha' });
    expect(sessions[0]!.audioBytesIn as number).toBeGreaterThan(0);
    expect(sessions[0]!.turns as number).toBeGreaterThanOrEqual(1);
    await page.close();
    expect(problems).toEqual([]);
    expect(requests.filter((request) => request === 'POST /token')).toHaveLength(1);
    await expect.poll(() => serve.stderr()).toMatch(/^POST \/token 200 /m);
    expectNoCanary({ stdout: serve.stdout(), stderr: serve.stderr(), page: pageLogs.join('\n') });
  }, 90_000);

  it('once a session ends, Start talks again, on a new token', async () => {
    const { page, problems, requests } = await openTalkingPage(browser, serve);
    expect(await page.$eval('#start', (button) => button.disabled)).toBe(true);
    await endSessionsAndWait(serve, page);
    expect(await page.$eval('#start', (button) => button.disabled)).toBe(false);
    const sent = (await page.evaluate('window.gemtokenReport.sentChunks')) as number;

    await page.click('#start');
    await page.waitForFunction(
      'window.gemtokenReport.state === "listening" || window.gemtokenReport.error !== undefined',
    );
    expect(await page.evaluate('window.gemtokenReport.error')).toBeUndefined();
    await expect.poll(() => page.evaluate('window.gemtokenReport.sentChunks')).toBeGreaterThan(sent);
    // And it is heard: the new session's reply plays in the new audio context.
    const played = (await page.evaluate('window.gemtokenReport.playedSeconds')) as number;
    await expect
      .poll(() => page.evaluate('window.gemtokenReport.playedSeconds'), { timeout: 30_000 })
      .toBeGreaterThan(played);
    const open = await call(`${serve.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': CANARY_KEY } });
    const sessions = (JSON.parse(open.text) as { sessions: Array<{ open: boolean }> }).sessions;
    expect(sessions.filter((session) => session.open)).toHaveLength(1);
    await page.close();
    expect(problems).toEqual([]);
    expect(requests.filter((request) => request === 'POST /token')).toHaveLength(2);
  }, 90_000);

  it('a denied microphone spends no token, and the page says so', async () => {
    // A browser that grants nothing by itself, and every permission refused for the page's origin:
    // getUserMedia fails as when a person says no.
    const denying = await launchChromium({ grantMicrophone: false });
    const context = denying.defaultBrowserContext();
    await context.overridePermissions(serve.url, []);
    const page = await context.newPage();
    const { problems, requests } = watch(page);
    const before = tokenRequests(serve);
    await page.goto(`${serve.url}/`, { waitUntil: 'networkidle0' });
    await page.click('#start');
    await page.waitForFunction(
      'window.gemtokenReport.state !== "idle" && window.gemtokenReport.state !== "asking for the microphone"',
    );
    const report = (await page.evaluate('window.gemtokenReport')) as PageReport & { microphone?: string };
    expect(report).toMatchObject({ state: 'no microphone', microphone: 'NotAllowedError' });
    expect(report.token).toBeUndefined();
    expect(await page.$eval('#status', (status) => status.textContent)).toMatch(
      /^no microphone: the microphone was not allowed, so no token was fetched\./,
    );
    await page.waitForNetworkIdle();
    expect(requests).not.toContain('POST /token');
    expect(problems).toEqual([]);
    await denying.close();
    // Counted at the server too: every request is logged once it is answered.
    expect(serve.stderr()).toMatch(/^GET \/app\.mjs 200 /m);
    expect(tokenRequests(serve)).toBe(before);
  }, 60_000);

  it('a page that is not a secure context (plain http at another name) says so and spends no token', async () => {
    // gemtoken.test is 127.0.0.1 to this browser only: a name that is not localhost makes plain http
    // an insecure context, where browsers offer no microphone at all (as on a LAN address).
    const insecure = await launchChromium({ args: ['--host-resolver-rules=MAP gemtoken.test 127.0.0.1'] });
    try {
      const page = await insecure.newPage();
      const { problems, requests } = watch(page);
      await page.goto(`${serve.url.replace('127.0.0.1', 'gemtoken.test')}/`, { waitUntil: 'networkidle0' });
      expect(await page.evaluate('window.isSecureContext')).toBe(false);
      await page.click('#start');
      await page.waitForFunction('window.gemtokenReport.state === "no microphone"');
      expect(await page.evaluate('window.gemtokenReport.microphone')).toBe('insecure');
      expect(await page.$eval('#status', (status) => status.textContent)).toBe(
        'no microphone: the microphone needs a secure page, so no token was fetched: open this page over https or at http://localhost.',
      );
      await page.waitForNetworkIdle();
      expect(requests).not.toContain('POST /token');
      expect(problems).toEqual([]);
    } finally {
      await insecure.close();
    }
  }, 60_000);

  it('a page on an origin not allowed is refused (403, and the browser sees no CORS grant)', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/index.html?server=${encodeURIComponent(serve.url)}`);
    const result = (await page.evaluate('window.tokenResult')) as string;
    expect(result).toMatch(/^refused: /);
    await expect
      .poll(() => serve.stderr())
      .toMatch(new RegExp(`^POST /token 403 .*origin ${site.origin.replace(/[.]/g, '\\.')} not allowed`, 'm'));
    await page.close();
  }, 60_000);

  it('the same page on an origin given with --allow-origin gets its token', async () => {
    const allowed = await startServe(['--emulator', '--allow-origin', site.origin], { GEMINI_API_KEY: CANARY_KEY });
    try {
      const page = await browser.newPage();
      await page.goto(`${site.origin}/index.html?server=${encodeURIComponent(allowed.url)}`);
      expect(await page.evaluate('window.tokenResult')).toBe('status 200');
      await page.close();
    } finally {
      expect(await allowed.stop()).toBe(0);
    }
    expectNoCanary({ stdout: allowed.stdout(), stderr: allowed.stderr() });
  }, 60_000);
});
