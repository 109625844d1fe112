// The pure edges of talk's pictures and video: what a file is by its bytes, which ffmpeg command each
// source runs, the flags' rules, and the pacer handing frames on at --fps by the clock.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveVision } from '../../../src/commands/talk/vision-options.js';
import { ffmpegArgs, inputArgs, parseFps } from '../../../src/vision/ffmpeg-args.js';
import { FramePacer } from '../../../src/vision/frame-pacer.js';
import { FrameQueue } from '../../../src/vision/frame-queue.js';
import { checkVideoSource, sniff } from '../../../src/vision/preflight.js';
import type { ChildLauncher, ExecResult } from '../../../src/children/launcher.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const bytes = (...values: (number | string)[]): Buffer =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

describe('sniff', () => {
  it.each([
    [bytes(0xff, 0xd8, 0xff, 0xe0), { kind: 'image', mimeType: 'image/jpeg' }],
    [bytes(0x89, 'PNG\r\n', 0x1a, '\n'), { kind: 'image', mimeType: 'image/png' }],
    [bytes('GIF89a'), { kind: 'other-image', format: 'GIF' }],
    [bytes('RIFF\0\0\0\0WEBPVP8 '), { kind: 'other-image', format: 'WebP' }],
    [bytes('\0\0\0\x20ftypisom'), { kind: 'video' }],
    [bytes(0x1a, 0x45, 0xdf, 0xa3), { kind: 'video' }],
    [bytes('hello, world'), { kind: 'unknown' }],
    [bytes(), { kind: 'unknown' }],
  ])('%j', (input, kind) => expect(sniff(input)).toEqual(kind));
});

describe('ffmpeg commands', () => {
  const linux = { os: 'linux' as const, display: ':1' };
  it('scales to at most 1024 px on the long side and writes JPEG frames at --fps to stdout', () => {
    const args = ffmpegArgs({ kind: 'file', path: 'clip.mp4' }, 2, linux);
    expect(args.join(' ')).toContain(
      "-i clip.mp4 -an -vf fps=2,scale=w='min(1024,iw)':h='min(1024,ih)':force_original_aspect_ratio=decrease -f image2pipe -c:v mjpeg",
    );
    expect(args.at(-1)).toBe('pipe:1');
  });
  it.each([
    [{ kind: 'camera', device: '/dev/video2' }, linux, '-f v4l2 -i /dev/video2'],
    [{ kind: 'camera', device: '0' }, { os: 'darwin' }, '-f avfoundation -framerate 30 -i 0:none'],
    [{ kind: 'camera', device: 'lavfi:testsrc' }, { os: 'win32' }, '-re -f lavfi -i testsrc'],
    [{ kind: 'screen' }, linux, '-f x11grab -framerate 1 -i :1'],
  ] as const)('%j on %j: %s', (source, platform, args) => expect(inputArgs(source, 1, platform).join(' ')).toBe(args));
  it('a screen ffmpeg cannot capture is a usage error that says why', () => {
    expect(() => inputArgs({ kind: 'screen' }, 1, { os: 'linux', waylandDisplay: 'wayland-0' })).toThrow(
      /cannot capture a Wayland session/,
    );
    expect(() => inputArgs({ kind: 'screen' }, 1, { os: 'linux' })).toThrow(/DISPLAY is not set/);
  });
});

describe('the screen is opened before connecting', () => {
  // A launcher whose ffmpeg answers -version, then `probe` for the x11grab frame; it records each run.
  const launcher = (probe: ExecResult) => {
    const runs: { args: readonly string[]; set?: Readonly<Record<string, string>> }[] = [];
    const children = {
      run: (_file: string, args: readonly string[], options: { set?: Readonly<Record<string, string>> } = {}) => {
        runs.push({ args, ...options });
        return Promise.resolve(args.includes('-version') ? { code: 0, stdout: '', stderr: '' } : probe);
      },
    } as unknown as ChildLauncher;
    return { children, runs };
  };
  const check = (children: ChildLauncher, os: NodeJS.Platform = 'linux') =>
    checkVideoSource({ kind: 'screen' }, 1, { os, display: ':57' }, children, 'apt-get install ffmpeg', {
      DISPLAY: ':57',
      XAUTHORITY: '/x',
    });

  it('no X server at DISPLAY: exit 6 with the cause ffmpeg gave first, not its last line', async () => {
    const stderr = '[x11grab @ 0x55b5e81df980] Cannot open display :57, error 1.\n:57: Input/output error\n';
    const { children, runs } = launcher({ code: 1, stdout: '', stderr });
    await expect(check(children)).rejects.toMatchObject({
      exitCode: 6,
      message: 'cannot open screen :57: Cannot open display :57, error 1',
      hint: expect.stringContaining('DISPLAY'),
    });
    expect(runs.at(-1)).toEqual({
      args: expect.arrayContaining(['x11grab', ':57', '-frames:v', '1']),
      set: { DISPLAY: ':57', XAUTHORITY: '/x' },
      timeout: 10_000,
    });
  });

  it('an X server that never answers: exit 6 once the check gives up, not a wait without end', async () => {
    // run() resolves code null when its timeout killed the child.
    const { children } = launcher({ code: null, stdout: '', stderr: '' });
    await expect(check(children)).rejects.toMatchObject({
      exitCode: 6,
      message: 'cannot open screen :57: no frame within 10 s',
    });
  });

  it('a screen that gives a frame passes; macOS is not probed', async () => {
    await expect(check(launcher({ code: 0, stdout: '', stderr: '' }).children)).resolves.toBeUndefined();
    const mac = launcher({ code: 1, stdout: '', stderr: 'no' });
    await expect(check(mac.children, 'darwin')).resolves.toBeUndefined();
    expect(mac.runs).toHaveLength(1);
  });
});

describe('the flags', () => {
  const resolve = (flags: Parameters<typeof resolveVision>[0]) => resolveVision(flags, {}, 'linux');
  it('--camera alone is the first camera; one source at most; --fps needs one and stays within 0–10', () => {
    expect(resolve({ camera: 'default' }).source).toEqual({ kind: 'camera', device: '/dev/video0' });
    expect(resolve({ image: ['a.jpg', 'b.png'] })).toMatchObject({ images: ['a.jpg', 'b.png'], fps: 1 });
    expect(() => resolve({ video: 'a.mp4', screen: true })).toThrow('--video and --screen exclude each other');
    expect(() => resolve({ fps: '2' })).toThrow(UsageError);
    expect(() => parseFps('0')).toThrow(/above 0 and at most 10/);
    expect(() => parseFps('11')).toThrow(UsageError);
    expect(parseFps('0.5')).toBe(0.5);
  });
});

describe('FramePacer', () => {
  it('hands frame i on at start + i / fps, and ends after the last', () => {
    const clock = new FakeClock();
    const got: [string, number][] = [];
    let ended = false;
    let resumed = 0;
    const pacer = new FramePacer<string>(
      clock,
      2,
      new FrameQueue('wait', 2),
      { frame: (frame) => got.push([frame, clock.monotonic()]), end: () => (ended = true) },
      () => (resumed += 1),
    );
    const start = clock.monotonic();
    expect(pacer.push('a')).toBe(true);
    expect(pacer.push('b')).toBe(false); // full: a file's pipe pauses
    clock.advance(0);
    pacer.push('c');
    pacer.finish();
    clock.advance(2000);
    expect(got).toEqual([
      ['a', start],
      ['b', start + 500],
      ['c', start + 1000],
    ]);
    expect(ended).toBe(true);
    expect(resumed).toBeGreaterThan(0);
  });
});
