// A web page mints a token through the emulator's REST from its own origin (CORS enforced by a real
// browser, not asserted from headers) and talks to the Live API with the microphone, through the
// SDK's browser build: the flow every Live web app has.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, CHUNKS_PER_WORD, fragments } from '../../src/emulator/live/voice.js';
import { launchChromium, requireChromium, serveStatic, type StaticSite } from '../helpers/browser.js';
import { ROOT } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';

const PAGE = readFileSync(path.join(ROOT, 'test/fixtures/browser/live-page.js'), 'utf8');
const HTML =
  '<!doctype html><meta charset="utf-8"><title>live</title><script type="module" src="live-page.js"></script>';

describe.skipIf(requireChromium())('a web page against the emulator (headless Chromium)', () => {
  let emulator: EmulatorHandle;
  let site: StaticSite;
  let browser: Browser;

  beforeAll(async () => {
    emulator = await spawnEmulator();
    site = await serveStatic({ 'index.html': HTML, 'live-page.js': PAGE });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.stop();
  });

  it('mints from the page (CORS) and gets a spoken reply to the microphone', async () => {
    const page = await browser.newPage();
    const query = new URLSearchParams({ emulator: emulator.baseUrl, key: emulator.apiKeys[0]! });
    await page.goto(`${site.origin}/index.html?${query}`);
    await page.waitForFunction('window.liveResult !== undefined');
    const result = (await page.evaluate('window.liveResult')) as Record<string, unknown>;
    expect(result.error).toBeUndefined();
    expect(result.tokenPrefix).toBe('auth_tokens');
    expect(result.turns).toBe(1);
    expect(result.interrupted).toBe(false);
    // The emulator speaks every word of its reply as CHUNKS_PER_WORD chunks of CHUNK_BYTES.
    expect(result.output).toMatch(/^Turn 1\. I heard \d+\.\d seconds of speech\.$/);
    expect(result.audioBytes).toBe(fragments(result.output as string).length * CHUNKS_PER_WORD * CHUNK_BYTES);
    expect(emulator.log()).not.toContain(emulator.apiKeys[0]!);
  }, 60_000);
});
