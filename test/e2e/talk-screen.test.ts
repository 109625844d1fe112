// `talk --screen` against a real X server (built binary, emulator, ffmpeg's x11grab, Xvfb): the
// emulator sees 800×600 JPEG frames of the virtual screen, the events count them, and ffmpeg is gone
// after --once; a DISPLAY where no X server runs fails with one line, exit 6, before connecting.
// Run `npm run build` first.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { expectNoProcessLeft } from '../helpers/processes.js';
import { startServer, type RuntimeServer } from '../helpers/runtime-server.js';
import { requireTools } from '../helpers/tools.js';
import { baseEnv, events } from './talk-helpers.js';

const skip = requireTools(['ffmpeg', 'Xvfb'], 'sudo apt-get install ffmpeg xvfb');
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-screen-'));
let emu: EmulatorHandle;
let xvfb: RuntimeServer | undefined;
let display = '';

// An X server leaves its lock file and socket here when it is killed rather than asked to stop.
const xFiles = (n: string): string[] => [`/tmp/.X${n}-lock`, `/tmp/.X11-unix/X${n}`];

/** A display number no X server holds (no lock file, no socket), for the failure case. */
function freeDisplay(): string {
  for (let n = 190; ; n += 1) if (!xFiles(String(n)).some((file) => existsSync(file))) return `:${n}`;
}

interface Session {
  frames?: { count: number; sizes: Record<string, number> };
}
async function sessions(): Promise<Session[]> {
  const res = await fetch(`${emu.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } });
  return ((await res.json()) as { sessions: Session[] }).sessions;
}

const talk = (args: readonly string[], env: Record<string, string>): Promise<RunResult> =>
  runCli(['talk', '--no-speaker', '--screen', ...args], {
    env: baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]!, ...env }),
    cwd: dir,
    timeoutMs: 40_000,
  });

beforeAll(async () => {
  if (skip) return;
  // -displayfd 1: Xvfb takes the first free display number and writes it on stdout once it listens.
  xvfb = await startServer('Xvfb', ['-displayfd', '1', '-screen', '0', '800x600x24', '-nolisten', 'tcp'], {
    cwd: dir,
    ready: /^(\d+)$/m,
  });
  display = `:${xvfb.url}`;
  emu = await spawnEmulator([]);
}, 30_000);
afterAll(async () => {
  await emu?.stop();
  if (!xvfb) return;
  // stop() kills the server and waits for it to be gone; what it could not remove goes now.
  await xvfb.stop();
  for (const file of xFiles(display.slice(1))) rmSync(file, { force: true });
});

describe.skipIf(skip)('talk --screen captures an X11 screen (Xvfb 800×600)', () => {
  it('--screen --text … --once --events: the emulator saw 800×600 JPEG frames and ffmpeg is gone', async () => {
    const marker = `screen-${process.pid}-${Date.now()}`;
    const before = (await sessions()).length;
    const result = await talk(
      ['--text', 'what is on the screen?', '--once', '--events', '--pass-env', 'GEMTOKEN_SCREEN_TEST'],
      { DISPLAY: display, GEMTOKEN_SCREEN_TEST: marker },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const all = events(result.stdout);
    const turn = all.find((event) => event.type === 'turn')!;
    expect(turn.model).toMatch(/I saw \d+ frames? of 800×600 JPEG/);
    expect(turn.frames).toBeGreaterThanOrEqual(1);
    const closed = all.find((event) => event.type === 'closed')!;
    expect(closed.framesSent).toBeGreaterThanOrEqual(1);
    const [session] = (await sessions()).slice(before);
    expect(Object.keys(session?.frames?.sizes ?? {})).toEqual(['800×600 JPEG']);
    // ffmpeg carried the marker (--pass-env) and ended with the session.
    await expectNoProcessLeft(marker);
  }, 60_000); // above runCli's 40 s bound, so a hung talk reports its stderr

  it('DISPLAY naming no X server: exit 6, one line, no stack trace, nothing connected', async () => {
    const none = freeDisplay();
    const before = (await sessions()).length;
    const result = await talk(['--text', 'hi', '--once', '--events'], { DISPLAY: none });
    expect(result.code, result.stderr).toBe(6);
    expect(hasStackTrace(result)).toBe(false);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual([
      `gemtoken: cannot open screen ${none}: Cannot open display ${none}, error 1`,
    ]);
    expect(result.stderr).toMatch(/^hint: .*DISPLAY/m);
    expect(result.stdout).toBe('');
    expect((await sessions()).length).toBe(before);
  });
});
