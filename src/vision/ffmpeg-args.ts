// Pure: which ffmpeg command reads each source (https://ffmpeg.org/ffmpeg-devices.html) and turns it
// into JPEG frames on stdout at --fps, scaled to at most MAX_FRAME_SIDE on the long side.

import { UsageError } from '../errors.js';

export type VideoSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'camera'; readonly device: string }
  | { readonly kind: 'screen' };

/** The longest side of a frame sent (the service scales pictures down anyway; 1024 keeps detail). */
export const MAX_FRAME_SIDE = 1024;
export const DEFAULT_FPS = 1;
/** Live sessions take video at about 1 frame a second; more than this only costs bandwidth and tokens. */
export const MAX_FPS = 10;
/** `--camera lavfi:testsrc`: ffmpeg's own test picture instead of a device (CI has no camera). */
export const SYNTHETIC_PREFIX = 'lavfi:';

export interface Platform {
  readonly os: NodeJS.Platform;
  readonly display?: string;
  readonly waylandDisplay?: string;
}

export function defaultCamera(os: NodeJS.Platform): string {
  return os === 'darwin' ? '0' : '/dev/video0';
}

/** Whether frames come at their own pace from a device (a file is read faster and waits). */
export function isLive(source: VideoSource): boolean {
  return source.kind !== 'file';
}

export function describeSource(source: VideoSource, platform: Platform): string {
  if (source.kind === 'file') return `video ${source.path}`;
  if (source.kind === 'camera') return `camera ${source.device}`;
  return `screen ${platform.display ?? ''}`.trim();
}

/** The input half of the command; UsageError for what this platform's ffmpeg cannot capture. */
export function inputArgs(source: VideoSource, fps: number, platform: Platform): string[] {
  const rate = String(Math.max(1, Math.ceil(fps)));
  if (source.kind === 'file') return ['-i', source.path];
  if (source.kind === 'camera') {
    // -re: lavfi makes pictures as fast as it can; read at their own rate they behave like a camera.
    if (source.device.startsWith(SYNTHETIC_PREFIX))
      return ['-re', '-f', 'lavfi', '-i', `${source.device.slice(SYNTHETIC_PREFIX.length) || 'testsrc'}`];
    if (platform.os === 'linux') return ['-f', 'v4l2', '-i', source.device];
    if (platform.os === 'darwin') return ['-f', 'avfoundation', '-framerate', '30', '-i', `${source.device}:none`];
    throw new UsageError(
      `--camera is not supported on ${platform.os}`,
      'it works on Linux (v4l2) and macOS (avfoundation); --camera lavfi:testsrc works everywhere',
    );
  }
  if (platform.os === 'darwin') return ['-f', 'avfoundation', '-capture_cursor', '1', '-i', 'Capture screen 0:none'];
  if (platform.os !== 'linux')
    throw new UsageError(`--screen is not supported on ${platform.os}`, 'it works on Linux (X11) and macOS');
  if (platform.display) return ['-f', 'x11grab', '-framerate', rate, '-i', platform.display];
  // ffmpeg has no portable Wayland capture (kmsgrab needs root and a DRM device; PipeWire is not in it).
  throw new UsageError(
    platform.waylandDisplay
      ? '--screen cannot capture a Wayland session: ffmpeg reads X11 screens only'
      : '--screen needs an X11 display and DISPLAY is not set',
    'run it in an X11 session (or an Xwayland app with DISPLAY set), or record the screen to a file and use --video',
  );
}

/** The whole command line after `ffmpeg`. */
export function ffmpegArgs(source: VideoSource, fps: number, platform: Platform): string[] {
  const side = MAX_FRAME_SIDE;
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...inputArgs(source, fps, platform),
    '-an',
    '-vf',
    `fps=${fps},scale=w='min(${side},iw)':h='min(${side},ih)':force_original_aspect_ratio=decrease`,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ];
}

/** --fps: a number of frames a second, above 0 and at most MAX_FPS. */
export function parseFps(text: string | undefined): number {
  if (text === undefined) return DEFAULT_FPS;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > MAX_FPS)
    throw new UsageError(
      `--fps '${text}' is not a frame rate above 0 and at most ${MAX_FPS}`,
      'e.g. --fps 1 or --fps 0.5',
    );
  return value;
}
