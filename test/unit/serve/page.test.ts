// The built-in page of `gemtoken serve` under its own Content-Security-Policy: every file it uses is
// one the server serves (no inline script or style for the CSP to block, no 404), and the code the
// documentation shows people to copy is the code the browser test runs (test/e2e/serve-browser.test.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CSP, PAGE_FILES, pageAssets } from '../../../src/serve/page.js';
import { ROOT } from '../../helpers/cli.js';

const PAGE_DIR = path.join(ROOT, 'src/serve/page');
const html = readFileSync(path.join(PAGE_DIR, 'index.html'), 'utf8');
const app = readFileSync(path.join(PAGE_DIR, 'app.mjs'), 'utf8');
const vision = readFileSync(path.join(PAGE_DIR, 'vision.mjs'), 'utf8');
const modules = readdirSync(PAGE_DIR).filter((file) => file.endsWith('.mjs'));

describe('the page and its CSP', () => {
  it('allows nothing inline and nothing from elsewhere but the Live API connection', () => {
    expect(PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|data:|\*/);
    expect(PAGE_CSP).toMatch(/^default-src 'self';/);
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
  });

  it('has no inline script, style or event handler; every file it names is served', () => {
    expect(html).not.toMatch(/<style|style=|<script(?![^>]*\ssrc=)|\son[a-z]+=/i);
    const named = [...html.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((match) => `/${match[1]}`);
    expect(named).toEqual(expect.arrayContaining(['/app.mjs', '/vision.mjs', '/page.css', '/favicon.svg']));
    for (const file of named) expect(PAGE_FILES, file).toHaveProperty([file]);
    // Every import of its modules is served too (genai.mjs is built into dist/web/ by esbuild.config.mjs).
    expect(modules).toEqual(expect.arrayContaining(['app.mjs', 'vision.mjs']));
    for (const module of modules)
      for (const [, file] of readFileSync(path.join(PAGE_DIR, module), 'utf8').matchAll(
        /^import .* from '\.(\/[^']+)';$/gm,
      ))
        expect(PAGE_FILES, `${module} imports ${file}`).toHaveProperty([file!]);
  });

  it('serves every file of its folder (the build copies the whole folder to dist/web/)', () => {
    const served = new Set(Object.values(PAGE_FILES).map((asset) => asset.file));
    for (const file of readdirSync(PAGE_DIR)) expect(served, file).toContain(file);
  });

  it('asks for the microphone before it fetches a token', () => {
    const microphone = app.indexOf('getUserMedia(');
    expect(microphone).toBeGreaterThan(0);
    expect(app.indexOf("fetch('/token'")).toBeGreaterThan(microphone);
    expect(app.split("fetch('/token'")).toHaveLength(2);
  });

  it('sends the camera or the screen only to the open session: no token of its own, one frame a second', () => {
    expect(vision).not.toMatch(/fetch\(|\/token/);
    expect(vision).toContain('const FRAME_EVERY_MS = 1000;');
    expect(vision).toContain('const MAX_SIDE = 1024;');
    expect(vision).toContain("mimeType: 'image/jpeg'");
  });
});

describe('the size of a frame', () => {
  it('is scaled down to at most 1024 px on the long side, never up', async () => {
    const { frameSize } = (await import(pathToFileURL(path.join(PAGE_DIR, 'vision.mjs')).href)) as {
      frameSize: (width: number, height: number) => [number, number];
    };
    expect(frameSize(640, 480)).toEqual([640, 480]);
    expect(frameSize(1024, 1024)).toEqual([1024, 1024]);
    expect(frameSize(1920, 1080)).toEqual([1024, 576]);
    expect(frameSize(1080, 1920)).toEqual([576, 1024]);
    expect(frameSize(3840, 2160)).toEqual([1024, 576]);
    expect(frameSize(5000, 3)).toEqual([1024, 1]);
  });
});

describe('serving it', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const assets = pageAssets(new URL(`file://${PAGE_DIR}/`));
    server = createServer((req, res) => {
      void assets(req.url ?? '/', res).then((served) => (served ? undefined : res.writeHead(404).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['/', '/app.mjs', '/vision.mjs', '/page.css', '/favicon.svg', '/favicon.ico'])(
    '%s: 200 with its type and the CSP',
    async (file) => {
      const res = await fetch(`${url}${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(PAGE_FILES[file]!.type);
      expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );
});

/** Fenced JavaScript blocks of README.md and docs/ that ask for a token or the microphone: what people copy. */
function copiedSnippets(): Array<{ file: string; code: string }> {
  const docs = existsSync(path.join(ROOT, 'docs'))
    ? readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'))
    : [];
  return ['README.md', ...docs.map((f) => path.join('docs', f))].flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^```(?:js|javascript|mjs)\n([\s\S]*?)^```/gm)]
      .map((match) => ({ file, code: match[1]! }))
      .filter(({ code }) => code.includes('/token') || code.includes('getUserMedia')),
  );
}

describe('the code the documentation tells people to copy', () => {
  it('is a verbatim part of the page the browser test runs', () => {
    for (const { file, code } of copiedSnippets()) {
      const lines = code.trimEnd().split('\n');
      // Quoted as it sits in app.mjs: whole lines, in order, the indentation of the file.
      expect(app, `${file}: a snippet that is not in src/serve/page/app.mjs`).toContain(lines.join('\n'));
    }
  });
});
