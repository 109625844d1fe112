// The built-in page of `gemtoken serve --emulator` when the camera is refused: in headless Chromium
// that grants the microphone but not the camera (as when a person allows one and not the other), the
// camera button says so in one line, and the voice session goes on: the microphone keeps streaming
// and a typed question is still answered. No console error, no failed request, one token.
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium } from '../helpers/browser.js';
import { CANARY_KEY } from '../security/hostile.js';
import { startServe, type ServeHandle } from './serve-helpers.js';
import { openSessionFrames, openTalkingPage, visionOf } from './serve-page-helpers.js';

describe.skipIf(requireChromium())('gemtoken serve: the page with the camera refused', () => {
  let serve: ServeHandle;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe(['--emulator'], { GEMINI_API_KEY: CANARY_KEY });
    browser = await launchChromium({ grantMicrophone: false, microphone: 'silence' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
  });

  it('says the camera was not allowed and keeps talking', async () => {
    const context = await browser.createBrowserContext();
    await context.overridePermissions(serve.url, ['microphone']);
    const { page, problems, requests } = await openTalkingPage(context, serve);
    expect(await page.evaluate('window.gemtokenReport.state')).toBe('listening');
    await page.click('#camera');
    await expect.poll(() => visionOf(page)).toMatchObject({ camera: 'NotAllowedError', source: 'off' });
    expect(await page.$eval('#vision-status', (line) => [line.textContent, line.className])).toEqual([
      'the camera was not allowed: talking goes on without it',
      'problem',
    ]);
    expect(await page.$eval('#preview', (video) => video.hidden)).toBe(true);
    // The camera can be asked for again (the person may change their mind in the browser's settings).
    expect(await page.$eval('#camera', (button) => button.disabled)).toBe(false);

    // The voice session is untouched: the microphone still streams, and a typed question is answered.
    const chunks = (await page.evaluate('window.gemtokenReport.sentChunks')) as number;
    await expect
      .poll(() => page.evaluate('window.gemtokenReport.sentChunks'), { timeout: 20_000 })
      .toBeGreaterThan(chunks);
    await page.type('#text', 'Are you there?');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate('window.gemtokenReport.transcript'), { timeout: 30_000 })
      .toContain('You said: Are you there?');
    expect(await page.evaluate('window.gemtokenReport.state')).not.toMatch(/closed|error/);
    expect((await openSessionFrames(serve)).count).toBe(0);

    await page.close();
    await context.close();
    expect(problems).toEqual([]);
    expect(requests.filter((request) => request === 'POST /token')).toHaveLength(1);
  }, 90_000);
});
