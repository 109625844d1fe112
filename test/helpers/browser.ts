// A real headless Chromium (Debian's, driven by puppeteer-core) for what a web page does: CORS,
// the SDK's browser build, a fake microphone fed from a WAV. Pages are served from their own
// origin on a local port, so every call to the emulator is cross-origin, as in production.

import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { encodeWav } from '../../src/audio/pcm/wav.js';
import { QUESTION_RATE, questionPcm } from '../../src/commands/demo/question-audio.js';
import { ROOT } from './cli.js';
import { commandPath, requireTools } from './tools.js';

/** Debian's chromium (puppeteer-core downloads no browser): on PATH, or the reason to skip. */
export const requireChromium = (): string | undefined => requireTools(['chromium'], 'apt-get install chromium');

/** The SDK's browser build, bundled with its CommonJS dependency as a front-end bundler would. */
export async function bundleBrowserSdk(dir: string): Promise<void> {
  await build({
    // The same SDK the Node peer tests use (3.x when GEMTOKEN_GENAI_DIR names its install).
    entryPoints: [
      path.join(
        process.env.GEMTOKEN_GENAI_DIR ? path.resolve(process.env.GEMTOKEN_GENAI_DIR) : ROOT,
        'node_modules/@google/genai/dist/web/index.mjs',
      ),
    ],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: path.join(dir, 'sdk.mjs'),
    logLevel: 'silent',
  });
}

export interface StaticSite {
  readonly origin: string;
  readonly dir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };

/** Serves the files of `dir` (no listing, no paths outside it) on 127.0.0.1:0. */
export async function serveStatic(files: Record<string, string | Buffer>): Promise<StaticSite> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-site-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  await bundleBrowserSdk(dir);
  const server: Server = createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
    const file = path.join(dir, name);
    if (!existsSync(file)) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    dir,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The fake microphone's file: the demo's question, then 6 s of silence. Chromium loops the file, and
 * a loop's next question starting while the reply is on its way would barge in and cut it (seen
 * under load); by then the page has stopped sending. `'silence'`: the 6 s of silence alone.
 */
export function fakeMicWav(speech: 'question' | 'silence' = 'question'): Buffer {
  const silence = Buffer.alloc(6 * QUESTION_RATE * 2);
  const pcm = speech === 'question' ? Buffer.concat([questionPcm(), silence]) : silence;
  return encodeWav({ sampleRate: QUESTION_RATE, channels: 1 }, pcm);
}

/**
 * Headless Chromium with a fake microphone playing fakeMicWav() (looped by Chromium) and a fake camera
 * (640×480, a moving test pattern), granted to every page, screen sharing included (an 800×600 fake
 * screen, picked with no dialog); with `{ grantMicrophone: false }` the devices are there but nothing
 * grants them by itself, so a page refused a permission (BrowserContext.overridePermissions) fails as
 * when a person says no (no screen sharing then: its picker cannot be answered headless). `cameras: 0`
 * is a machine with no camera. `microphone: 'silence'` streams silence: a test that types a question
 * while the microphone streams gets its answer whole, never cut by the looped question's barge-in.
 */
export async function launchChromium({
  grantMicrophone = true,
  cameras,
  microphone = 'question',
  args = [],
}: {
  grantMicrophone?: boolean;
  cameras?: number;
  microphone?: 'question' | 'silence';
  /** More Chromium switches, e.g. `--host-resolver-rules` to reach a local server by another name. */
  args?: readonly string[];
} = {}): Promise<Browser> {
  const wavPath = path.join(mkdtempSync(path.join(tmpdir(), 'gemtoken-mic-')), 'microphone.wav');
  writeFileSync(wavPath, fakeMicWav(microphone));
  return puppeteer.launch({
    executablePath: commandPath('chromium')!,
    headless: true,
    userDataDir: mkdtempSync(path.join(tmpdir(), 'gemtoken-chromium-')),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      // This machine has no network: Chromium's own background requests would only be refused.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(grantMicrophone ? ['--use-fake-ui-for-media-stream'] : []),
      `--use-fake-device-for-media-stream${cameras === undefined ? '' : `=device-count=${cameras}`}`,
      `--use-file-for-fake-audio-capture=${wavPath}`,
      '--autoplay-policy=no-user-gesture-required',
      ...args,
    ],
  });
}

/** What went wrong while a page loaded and ran: console errors, uncaught errors, failed requests, 4xx/5xx. */
export function watch(page: Page): { problems: string[]; requests: string[] } {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return { problems, requests };
}
