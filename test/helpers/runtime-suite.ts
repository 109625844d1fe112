// The one suite every web runtime gets (test/e2e/runtime-*.test.ts): the runtime runs its section's
// block of docs/web-runtimes.md verbatim, which mints through the emulator and answers the
// documented shape; a headless Chromium page on another origin takes a token from it and talks to
// Live with it (the page's own block, verbatim too); and a guarded handler started by the same
// runtime (a bearer secret, one allowed origin, a hostile upstream) answers hostile requests,
// generated and fixed, without either secret and only with documented statuses.

import fc from 'fast-check';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/emulator/live/voice.js';
import { CANARY_KEY, expectNoCanary, type HostilePeer } from '../security/hostile.js';
import { launchChromium, requireChromium, type StaticSite } from './browser.js';
import { blocksCoveredBy } from './doc-exemptions.js';
import { spawnEmulator, type EmulatorHandle } from './emulator.js';
import { HELLO, liveFromPage, pageSite } from './runtime-page.js';
import {
  CANARY_BEARER,
  expectSafeAnswer,
  fixedCases,
  hostileArb,
  hostileUpstream,
  send,
  type Hostile,
} from './runtime-red-team.js';

export const DOCS_PAGE = 'docs/web-runtimes.md';
/** The one origin the guarded handler allows (no browser goes there: the header is all it checks). */
const GUARDED_ORIGIN = 'https://app.example.com';
const SEED = Number(process.env['FC_SEED'] ?? 23_045);

export interface Served {
  /** Where the docs block's handler answers POST. */
  readonly tokenUrl: string;
  /** Where the guarded handler answers POST (its path is the one hostile requests aim at). */
  readonly guardedUrl: string;
  /** Everything the runtime printed (checked for secrets). */
  output(): string;
  /** Ends every process it started (none may be left) and removes its project folders. */
  close(): Promise<void>;
}

export interface RuntimeSpec {
  /** e.g. `Bun (Bun.serve)`. */
  readonly name: string;
  /** The test file from the repository root: the docs blocks it runs are registered for it. */
  readonly test: string;
  /** The `## ` heading of its section in docs/web-runtimes.md. */
  readonly section: string;
  /** Why the runtime cannot run here (from skipUnlessRequired: under CI it threw instead). */
  readonly missing: string | undefined;
  /**
   * Serves the docs block (its text) with `env` (GEMINI_API_KEY, GEMTOKEN_BASE_URL, APP_ORIGIN), and
   * tokenHandler(guarded) as the test's own program (GEMTOKEN_HANDLER_OPTIONS holds it as JSON).
   */
  serve(
    block: string,
    env: Readonly<Record<string, string>>,
    guarded: Readonly<Record<string, unknown>>,
  ): Promise<Served>;
  /** Statuses the runtime answers itself on the handler's path (a method the framework does not know). */
  readonly ownStatuses?: readonly number[];
  /** A framework routes requests (Hono, Next.js): what it answers off the handler's path is its own. */
  readonly frameworkRoutes?: boolean;
  /** Generated hostile requests (default 60). */
  readonly runs?: number;
  /** For starting it all (a build included); default 60 s. */
  readonly setupMs?: number;
  /** Registers the runtime's own tests, run after the common ones against the same servers. */
  readonly more?: () => void;
}

export function describeRuntime(spec: RuntimeSpec): void {
  const skip = spec.missing ?? requireChromium();
  describe.skipIf(skip !== undefined)(`tokenHandler under ${spec.name}`, () => {
    let emulator: EmulatorHandle;
    let upstream: HostilePeer;
    let site: StaticSite;
    let browser: Browser;
    let served: Served;

    beforeAll(async () => {
      const [server] = blocksCoveredBy(DOCS_PAGE, spec.section, spec.test);
      const [client] = blocksCoveredBy(DOCS_PAGE, 'The page', spec.test);
      // Each assigned as it starts, so afterAll closes what started even when another did not.
      await Promise.all([
        spawnEmulator(['--api-key', CANARY_KEY]).then((started) => (emulator = started)),
        hostileUpstream().then((started) => (upstream = started)),
        pageSite(client!.body).then((started) => (site = started)),
        launchChromium().then((started) => (browser = started)),
      ]);
      const env = { GEMINI_API_KEY: CANARY_KEY, GEMTOKEN_BASE_URL: emulator.baseUrl, APP_ORIGIN: site.origin };
      served = await spec.serve(server!.body, env, {
        apiKey: CANARY_KEY,
        baseUrl: upstream.baseUrl,
        allowOrigins: [GUARDED_ORIGIN],
        bearer: CANARY_BEARER,
        rate: '100/min',
      });
    }, spec.setupMs ?? 60_000);

    afterAll(async () => {
      // Everything is closed even when one close fails (a process left behind fails served.close()).
      const closed = await Promise.allSettled([
        served?.close(),
        browser?.close(),
        site?.close(),
        upstream?.close(),
        emulator?.stop(),
      ]);
      for (const result of closed) if (result.status === 'rejected') throw result.reason;
    });

    it('mints through the emulator, answering the documented shape, and a preflight from its page', async () => {
      const res = await fetch(served.tokenUrl, { method: 'POST' });
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(Object.keys(body)).toEqual(['name', 'expireTime', 'newSessionExpireTime', 'apiVersion', 'model', 'wsUrl']);
      expect(body.name).toMatch(/^auth_tokens\/[A-Za-z0-9_-]+$/);
      expect(body.wsUrl).toBe(
        `${emulator.baseUrl.replace(/^http/, 'ws')}/ws/google.ai.generativelanguage.${String(body.apiVersion)}.GenerativeService.BidiGenerateContentConstrained`,
      );
      const preflight = await fetch(served.tokenUrl, {
        method: 'OPTIONS',
        headers: { origin: site.origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(site.origin);
    });

    it('a page on another origin takes a token from it and talks to Live with it', async () => {
      const result = await liveFromPage(browser, site, served.tokenUrl);
      expect(result.error).toBeUndefined();
      expect(result.transcript).toBe(replyToText(1, HELLO));
      // The session the page opened was authorised by the token, not a key.
      expect(emulator.log()).toMatch(/live\.open session=\S+ apiVersion=\S+ auth=token/);
      expectNoCanary({ runtime: served.output(), emulator: emulator.log() });
    }, 60_000);

    it('the same page on an origin not allowed gets no token: the browser sees no CORS grant', async () => {
      // The page's own server under another name: localhost is not 127.0.0.1 to a browser.
      const elsewhere = site.origin.replace('127.0.0.1', 'localhost');
      const result = await liveFromPage(browser, site, served.tokenUrl, elsewhere);
      expect(result.error).toBe('Failed to fetch');
    });

    it('hostile requests get documented statuses and never the key or the bearer secret', async () => {
      const base = new URL(served.guardedUrl);
      const expected = {
        allowed: GUARDED_ORIGIN,
        tokenPath: base.pathname,
        own: spec.ownStatuses,
        frameworkRoutes: spec.frameworkRoutes,
      };
      const check = async (hostile: Hostile): Promise<void> =>
        expectSafeAnswer(hostile, await send(base.origin, hostile), expected);
      for (const hostile of fixedCases(base.pathname, GUARDED_ORIGIN)) await check(hostile);
      await fc.assert(fc.asyncProperty(hostileArb(base.pathname, GUARDED_ORIGIN), check), {
        seed: SEED,
        numRuns: spec.runs ?? 60,
      });
      // It did mint from the hostile upstream (the bearer cases got through to it).
      expect(upstream.requests.length).toBeGreaterThan(0);
      expectNoCanary({ runtime: served.output() });
      expectNoCanary({ runtime: served.output() }, CANARY_BEARER);
    }, 120_000);

    spec.more?.();
  });
}
