// The built-in page of `gemtoken serve --emulator` on a machine with no camera (Chromium's fake
// devices with no camera): the camera button is disabled and says why, before and during the voice
// session, while screen sharing and the voice session work as usual.
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, watch } from '../helpers/browser.js';
import { CANARY_KEY } from '../security/hostile.js';
import { startServe, type ServeHandle } from './serve-helpers.js';
import { openTalkingPage, visionOf } from './serve-page-helpers.js';

describe.skipIf(requireChromium())('gemtoken serve: the page with no camera', () => {
  let serve: ServeHandle;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe(['--emulator'], { GEMINI_API_KEY: CANARY_KEY });
    browser = await launchChromium({ cameras: 0 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
  });

  it('disables the camera button with the reason, and the rest works', async () => {
    const idle = await browser.newPage();
    const watched = watch(idle);
    await idle.goto(`${serve.url}/`, { waitUntil: 'networkidle0' });
    await expect.poll(() => idle.$eval('#vision-status', (line) => line.textContent)).toBe('no camera was found');
    expect(await idle.$eval('#camera', (button) => [button.disabled, button.title])).toEqual([
      true,
      'no camera was found',
    ]);
    await idle.close();
    expect(watched.problems).toEqual([]);

    const { page, problems } = await openTalkingPage(browser, serve);
    expect(await page.evaluate('window.gemtokenReport.state')).toBe('listening');
    // Still disabled, still saying why; the list is empty; the screen can be shared.
    expect(await page.$eval('#camera', (button) => [button.disabled, button.title])).toEqual([
      true,
      'no camera was found',
    ]);
    expect(await page.$eval('#camera-device', (list) => [list.disabled, list.options.length])).toEqual([true, 0]);
    expect(await page.$eval('#screen', (button) => button.disabled)).toBe(false);
    expect((await visionOf(page)).devices).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  }, 90_000);
});
