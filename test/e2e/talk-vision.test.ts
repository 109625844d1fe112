// `talk` shows the model pictures and video (built binary, emulator, ffmpeg): an --image is answered
// with its size, a --video clip's frames all arrive at the paced rate (counted by the emulator's admin
// API, never by wall time), --camera lavfi:testsrc stands in for a camera, one SIGINT ends an endless
// source with ffmpeg gone, and a wrong file or a missing ffmpeg fails before connecting. Run `npm run build` first.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, hasStackTrace, runCli, scrubbedEnv, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { expectNoProcessLeft, processesWithEnv } from '../helpers/processes.js';
import { requireTools } from '../helpers/tools.js';
import { baseEnv, events } from './talk-helpers.js';

const skip = requireTools(['ffmpeg'], 'sudo apt-get install ffmpeg');
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-vision-'));
const photo = path.join(dir, 'photo.jpg');
const clip = path.join(dir, 'clip.mp4');
const notes = path.join(dir, 'notes.txt');
let emu: EmulatorHandle;

interface Frames {
  count: number;
  sizes: Record<string, number>;
}
async function sessionFrames(): Promise<Frames[]> {
  const res = await fetch(`${emu.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } });
  const body = (await res.json()) as { sessions: { frames?: Frames }[] };
  return body.sessions.map((s) => s.frames ?? { count: 0, sizes: {} });
}

const env = (extra: Record<string, string> = {}) => baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]!, ...extra });
const talk = (args: readonly string[], extra: Record<string, string> = {}): Promise<RunResult> =>
  runCli(['talk', '--no-speaker', ...args], { env: env(extra), cwd: dir, timeoutMs: 40_000 });

function expectOneLine(result: RunResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(hasStackTrace(result)).toBe(false);
  expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual([
    expect.stringMatching(message),
  ]);
}

beforeAll(async () => {
  if (skip) return;
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args], { cwd: dir });
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x480', '-frames:v', '1', photo);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=duration=3:size=320x240:rate=10', clip);
  writeFileSync(notes, 'just some text\n');
  emu = await spawnEmulator([]);
});
afterAll(async () => {
  await emu?.stop();
});

describe.skipIf(skip)('talk sends pictures and video', () => {
  it('--image photo.jpg --text … --once --events: the answer names the picture, the turn counts it', async () => {
    const before = (await sessionFrames()).length;
    const result = await talk(['--image', 'photo.jpg', '--text', 'what is this?', '--once', '--events']);
    expect(result.code, result.stderr).toBe(0);
    const turn = events(result.stdout).find((event) => event.type === 'turn')!;
    expect(turn.model).toContain('I saw 1 frame of 640×480 JPEG');
    expect(turn.frames).toBe(1);
    expect((await sessionFrames()).slice(before)).toEqual([expect.objectContaining({ count: 1 })]);
  });

  it('--video clip.mp4: every frame at --fps 1 arrives, one at a time (3 s clip → 3 frames of 320×240)', async () => {
    const before = (await sessionFrames()).length;
    const run = talk(['--video', 'clip.mp4', '--text', 'describe it', '--events']);
    // Paced, not sent at once: the emulator is seen holding part of the clip before all of it.
    const seen = new Set<number>();
    let done = false;
    void run.then(() => (done = true));
    while (!done) {
      const mine = (await sessionFrames()).slice(before);
      if (mine[0]) seen.add(mine[0].count);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    const [session] = (await sessionFrames()).slice(before);
    expect(session).toMatchObject({ count: 3, sizes: { '320×240 JPEG': 3 } });
    expect([...seen].some((count) => count === 1 || count === 2)).toBe(true);
    const closed = events(result.stdout).find((event) => event.type === 'closed')!;
    expect(closed.framesSent).toBe(3);
  });

  it('--video naming a FIFO (as `--video <(ffmpeg …)` does) is opened once, by the capture: all 3 frames arrive', async () => {
    const fifo = path.join(dir, `clip-${Date.now()}.fifo`);
    execFileSync('mkfifo', [fifo]);
    // The writer's open() waits for a reader; a preflight that opened and closed the FIFO killed it with EPIPE.
    const writer = spawn(
      'ffmpeg',
      ['-loglevel', 'error', '-y', '-i', 'clip.mp4', '-c:v', 'mjpeg', '-f', 'matroska', fifo],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let writerError = '';
    writer.stderr.on('data', (d: Buffer) => (writerError += d.toString()));
    const writerDone = new Promise<number | null>((resolve) => writer.on('close', resolve));
    try {
      const before = (await sessionFrames()).length;
      const result = await talk(['--video', path.basename(fifo), '--text', 'describe it', '--events']);
      expect(result.code, result.stderr).toBe(0);
      expect(await writerDone, writerError).toBe(0);
      const [session] = (await sessionFrames()).slice(before);
      expect(session).toMatchObject({ count: 3, sizes: { '320×240 JPEG': 3 } });
      expect(events(result.stdout).find((event) => event.type === 'closed')!.framesSent).toBe(3);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('--camera lavfi:testsrc (the documented synthetic camera) --once: the question follows the first frame', async () => {
    const result = await talk(['--camera', 'lavfi:testsrc', '--text', 'what do you see?', '--once', '--events']);
    expect(result.code, result.stderr).toBe(0);
    const turn = events(result.stdout).find((event) => event.type === 'turn')!;
    expect(turn.model).toMatch(/I saw \d+ frames? of 320×240 JPEG/);
  });

  it('an endless camera: one SIGINT ends talk with 130, and its ffmpeg child is gone', async () => {
    const marker = `vision-${process.pid}-${Date.now()}`;
    const child = spawn(
      process.execPath,
      [
        BIN,
        'talk',
        '--no-speaker',
        '--camera',
        'lavfi:testsrc',
        '--text',
        'hi',
        '--events',
        '--pass-env',
        'GEMTOKEN_VISION_TEST',
      ],
      { env: scrubbedEnv(env({ GEMTOKEN_VISION_TEST: marker })), cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await expect.poll(() => stdout.includes('"type":"turn"'), { timeout: 20_000 }).toBe(true);
    // talk and its ffmpeg both carry the marker (ffmpeg through --pass-env): the check below is not empty.
    expect(processesWithEnv(marker).length).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    await expectNoProcessLeft(marker);
  });
});

describe.skipIf(skip)('pictures and video that cannot be sent fail before connecting', () => {
  it.each([
    [['--image', 'notes.txt'], 2, /^gemtoken: --image notes\.txt is not a picture \(JPEG or PNG\)$/],
    [['--image', 'clip.mp4'], 2, /^gemtoken: --image clip\.mp4 is a video$/],
    [['--image', 'missing.jpg'], 2, /^gemtoken: --image: no such file: missing\.jpg$/],
    [['--video', 'notes.txt'], 2, /^gemtoken: --video notes\.txt is not a video ffmpeg can read/],
    [['--image', '.'], 2, /^gemtoken: --image: \. is a directory$/],
    [['--video', '.'], 2, /^gemtoken: --video: \. is a directory$/],
    [['--video', 'clip.mp4', '--camera'], 2, /^gemtoken: --video and --camera exclude each other$/],
    [['--camera', '/dev/video-none'], 6, /^gemtoken: cannot open camera \/dev\/video-none: ENOENT$/],
  ])('%j → exit %i', async (args, code, message) => {
    const before = (await sessionFrames()).length;
    expectOneLine(await talk([...args, '--text', 'hi', '--once']), code, message);
    expect((await sessionFrames()).length).toBe(before);
  });

  it('no ffmpeg on PATH: exit 6 and the command that installs it', async () => {
    const result = await talk(['--video', 'clip.mp4', '--text', 'hi', '--once'], { PATH: path.join(dir, 'no-bin') });
    expectOneLine(result, 6, /^gemtoken: ffmpeg is not installed \(not found on PATH\)/);
    expect(result.stderr).toMatch(/^hint: .*ffmpeg/m);
  });
});
