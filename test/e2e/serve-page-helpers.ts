// The built-in page of `gemtoken serve --emulator` in headless Chromium, for the camera and screen
// tests: open it, start the voice session, read the page's own report and what the emulator saw.
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { watch } from '../helpers/browser.js';
import { CANARY_KEY } from '../security/hostile.js';
import { call, type ServeHandle } from './serve-helpers.js';

/** window.gemtokenReport.vision: what the page's camera and screen code did. */
export interface VisionReport {
  source: 'off' | 'camera' | 'screen';
  framesSent: number;
  frameBytes: number;
  frameSize?: string;
  devices: string[];
  status?: string;
  camera?: string;
  screen?: string;
  trackState?: string;
}

/** The emulator's frame counters for one session (GET /emulator/sessions). */
export interface Frames {
  count: number;
  bytes: number;
  unreadable: number;
  sizes: Record<string, number>;
}

export interface TalkingPage {
  page: Page;
  problems: string[];
  requests: string[];
}

/** A new page on the server, its voice session started (microphone, then a token, then Live). */
export async function openTalkingPage(where: Browser | BrowserContext, serve: ServeHandle): Promise<TalkingPage> {
  const page = await where.newPage();
  const { problems, requests } = watch(page);
  await page.goto(`${serve.url}/`, { waitUntil: 'networkidle0' });
  await page.click('#start');
  await page.waitForFunction(
    'window.gemtokenReport.state === "listening" || window.gemtokenReport.error !== undefined',
    { timeout: 30_000 },
  );
  return { page, problems, requests };
}

export const visionOf = (page: Page): Promise<VisionReport> =>
  page.evaluate('window.gemtokenReport.vision') as Promise<VisionReport>;

/** The frames the emulator counted in the newest open session (an empty count before any arrives). */
export async function openSessionFrames(serve: ServeHandle): Promise<Frames> {
  const admin = await call(`${serve.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': CANARY_KEY } });
  const sessions = (JSON.parse(admin.text) as { sessions: Array<{ open: boolean; frames?: Frames }> }).sessions;
  const open = sessions.filter((session) => session.open);
  return open.at(-1)?.frames ?? { count: 0, bytes: 0, unreadable: 0, sizes: {} };
}

/**
 * The emulator ends every session of the test key (1001), as a server does at a token's end, and the
 * page shows it closed.
 */
export async function endSessionsAndWait(serve: ServeHandle, page: Page): Promise<void> {
  const reset = await call(`${serve.baseUrl}/emulator/reset`, {
    method: 'POST',
    headers: { 'x-goog-api-key': CANARY_KEY },
  });
  if (reset.status !== 200) throw new Error(`POST /emulator/reset answered ${reset.status}: ${reset.text}`);
  await page.waitForFunction('window.gemtokenReport.state === "closed"');
}
