// The built-in page of `gemtoken serve --emulator` sends the camera and the screen: in headless
// Chromium with its fake camera (640×480, a moving test pattern) and fake screen (800×600, picked with
// no dialog), once the voice session is open, one JPEG a second. Checked by the page's own report and
// by the emulator's frame counters; stopping stops the frames and releases the track, the end of the
// session releases it too, and no extra token is fetched. Every console error and failed request is
// a failure.
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, watch } from '../helpers/browser.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { startServe, type ServeHandle } from './serve-helpers.js';
import { endSessionsAndWait, openSessionFrames, openTalkingPage, visionOf } from './serve-page-helpers.js';

/** The emulator's count read 1.2 s apart (longer than the page's 1 s between frames) until two reads agree. */
async function settledFrames(serve: ServeHandle): Promise<number> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const before = last;
        last = (await openSessionFrames(serve)).count;
        return before === last;
      },
      { timeout: 20_000, interval: 1_200 },
    )
    .toBe(true);
  return last;
}

const select = (page: Page): Promise<string[]> =>
  page.$$eval('#camera-device option', (options) => options.map((option) => option.textContent ?? ''));

describe.skipIf(requireChromium())('gemtoken serve: the page sends the camera and the screen', () => {
  let serve: ServeHandle;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe(['--emulator'], { GEMINI_API_KEY: CANARY_KEY });
    browser = await launchChromium({ microphone: 'silence' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
  });

  it('lists the camera, sends it at 1 fps, the emulator sees it, and stopping it stops the frames', async () => {
    const page = await browser.newPage();
    await page.goto(`${serve.url}/`, { waitUntil: 'networkidle0' });
    // Nothing to send a frame to yet: the buttons wait for the session, which asks for the microphone first.
    expect(await page.$eval('#camera', (button) => [button.disabled, button.title])).toEqual([
      true,
      'start talking first',
    ]);
    await page.close();

    const { page: talking, problems, requests } = await openTalkingPage(browser, serve);
    expect(await talking.$eval('#camera', (button) => button.disabled)).toBe(false);
    await talking.click('#camera');
    await expect
      .poll(async () => (await openSessionFrames(serve)).sizes['640×480 JPEG'], { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    const sending = await visionOf(talking);
    expect(sending).toMatchObject({ source: 'camera', camera: 'allowed', frameSize: '640×480' });
    expect(await talking.$eval('#preview', (video) => [video.hidden, video.videoWidth])).toEqual([false, 640]);
    // The one fake camera, by name once the page may use it.
    expect(await select(talking)).toEqual(['fake_device_0']);
    expect(sending.devices).toEqual(['fake_device_0']);

    // A typed question: the answer says what the emulator saw.
    await talking.type('#text', 'What do you see?');
    await talking.keyboard.press('Enter');
    await expect
      .poll(() => talking.evaluate('window.gemtokenReport.transcript'), { timeout: 30_000 })
      .toMatch(/I saw \d+ frames? of 640×480 JPEG/);
    expect(await talking.$eval('#transcript', (transcript) => transcript.textContent)).toMatch(
      /gemini[^]*I saw \d+ frames? of 640×480 JPEG/,
    );
    expect(await talking.$$eval('#transcript .turn.you', (turns) => turns.map((turn) => turn.textContent))).toEqual([
      'youWhat do you see?',
    ]);

    // Stopped: the track is released and the page sends nothing more; the emulator's count settles
    // at what the page sent.
    await talking.click('#camera');
    const stopped = await visionOf(talking);
    expect(stopped).toMatchObject({ source: 'off', trackState: 'ended', status: 'camera stopped' });
    expect(await talking.$eval('#preview', (video) => [video.hidden, video.srcObject])).toEqual([true, null]);
    await expect.poll(async () => (await openSessionFrames(serve)).count, { timeout: 20_000 }).toBe(stopped.framesSent);
    expect(await settledFrames(serve)).toBe(stopped.framesSent);
    expect((await visionOf(talking)).framesSent).toBe(stopped.framesSent);
    expect(await talking.$eval('#camera', (button) => [button.disabled, button.textContent])).toEqual([
      false,
      'Camera',
    ]);

    await talking.close();
    expect(problems).toEqual([]);
    expect(requests.filter((request) => request === 'POST /token')).toHaveLength(1);
  }, 120_000);

  it('a double press leaves one camera running, and stopping releases every track the browser gave', async () => {
    const page = await browser.newPage();
    // Every track getUserMedia hands the page, kept for the check below (injected by the test, not the page).
    await page.evaluateOnNewDocument(`
      window.cameraTracks = [];
      const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await ask(constraints);
        window.cameraTracks.push(...stream.getVideoTracks());
        return stream;
      };
    `);
    const { problems } = watch(page);
    await page.goto(`${serve.url}/`, { waitUntil: 'networkidle0' });
    await page.click('#start');
    await page.waitForFunction('window.gemtokenReport.state === "listening"');
    await page.$eval('#camera', (button) => {
      button.click();
      button.click();
    });
    await expect.poll(() => page.evaluate('window.gemtokenReport.vision.framesSent')).toBeGreaterThanOrEqual(1);
    const states = (): Promise<string[]> =>
      page.evaluate('window.cameraTracks.map((track) => track.readyState)') as Promise<string[]>;
    expect((await states()).sort()).toEqual(['ended', 'live']);
    await page.click('#camera');
    expect(await states()).toEqual(['ended', 'ended']);
    await page.close();
    expect(problems).toEqual([]);
  }, 90_000);

  it('shares the screen the same way, and the end of the session releases it', async () => {
    const { page, problems, requests } = await openTalkingPage(browser, serve);
    await page.click('#screen');
    await expect
      .poll(async () => (await openSessionFrames(serve)).count, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    // Chromium's fake screen is the headless window's picture; whatever its size, the emulator read
    // the same from each JPEG's header.
    const sharing = await visionOf(page);
    expect(sharing).toMatchObject({
      source: 'screen',
      screen: 'allowed',
      frameSize: expect.stringMatching(/^\d+×\d+$/),
    });
    const frames = await openSessionFrames(serve);
    expect(Object.keys(frames.sizes)).toEqual([`${sharing.frameSize} JPEG`]);
    expect(frames.unreadable).toBe(0);
    expect(await page.$eval('#camera-device', (list) => list.disabled)).toBe(false);

    // The emulator ends every session of this key (1001): the page lets the screen go.
    await endSessionsAndWait(serve, page);
    expect(await visionOf(page)).toMatchObject({ source: 'off', trackState: 'ended' });
    expect(await page.$eval('#screen', (button) => [button.disabled, button.title])).toEqual([
      true,
      'start talking first',
    ]);
    expect(await page.$eval('#say', (form) => form.hidden)).toBe(true);
    await page.close();
    expect(problems).toEqual([]);
    expect(requests.filter((request) => request === 'POST /token')).toHaveLength(1);
    expectNoCanary({ stdout: serve.stdout(), stderr: serve.stderr() });
  }, 120_000);
});
