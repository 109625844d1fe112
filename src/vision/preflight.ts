// Everything about pictures and video that can fail is checked before a token is used or a socket
// opened: an --image that is not a JPEG or PNG (exit 2), a --video ffmpeg cannot read (exit 2), a
// missing ffmpeg or camera, or an X screen that does not open (exit 6). An unreadable file goes the
// way every named file does (file-error.ts).

import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { readFileBounded } from '../bounded-read.js';
import type { ChildLauncher } from '../children/launcher.js';
import { GemtokenError, UsageError, VideoDeviceError } from '../errors.js';
import { fileReadError } from '../file-error.js';
import { inputArgs, SYNTHETIC_PREFIX, type Platform, type VideoSource } from './ffmpeg-args.js';
import { ffmpegStartError, firstCause, lastLine, SCREEN_HINT } from './ffmpeg-errors.js';
import { MAX_FRAME_BYTES } from './jpeg-splitter.js';
import type { VideoFrame, VideoMime } from './ports.js';

/** How long the one-frame screen check may take (a local X server answers in well under a second). */
const SCREEN_PROBE_MS = 10_000;

/** Reads and checks each --image, in order; they are sent once, before the first text or audio. */
export async function loadImages(paths: readonly string[], signal: AbortSignal): Promise<VideoFrame[]> {
  const frames: VideoFrame[] = [];
  for (const path of paths) frames.push(await loadImage(path, signal));
  return frames;
}

/**
 * Reads and checks one picture; `flag` names where its path came from in the messages. The read is
 * the one every named file goes through (bounded-read.ts): at most one chunk past the frame cap from
 * a FIFO or a device, and a FIFO with no writer is waited on in the event loop, so `signal` (one
 * SIGTERM) ends the wait. A blocking open() here held a threadpool thread and Node could not exit.
 */
export async function loadImage(path: string, signal: AbortSignal, flag = '--image'): Promise<VideoFrame> {
  let image: Buffer;
  try {
    image = await readFileBounded(path, signal, { limit: MAX_FRAME_BYTES, tooLarge: () => tooLarge(flag, path) });
  } catch (error) {
    // Ours pass as they are: the cap's UsageError, and the signal's InterruptedError (130/143/129).
    if (error instanceof GemtokenError) throw error;
    throw fileReadError(flag, path, error);
  }
  const kind = sniff(image);
  if (kind.kind === 'image') return { image: Buffer.from(image), mimeType: kind.mimeType };
  if (kind.kind === 'other-image')
    throw new UsageError(
      `${flag} ${path} is a ${kind.format} picture; talk sends JPEG and PNG`,
      `convert it first: ffmpeg -i ${path} picture.jpg`,
    );
  if (kind.kind === 'video') throw new UsageError(`${flag} ${path} is a video`, `send it with --video ${path}`);
  throw new UsageError(`${flag} ${path} is not a picture (JPEG or PNG)`, 'name a .jpg or .png file');
}

function tooLarge(flag: string, path: string): UsageError {
  return new UsageError(
    `${flag} ${path} is over ${MAX_FRAME_BYTES / 1024 / 1024} MiB`,
    'scale it down first: ffmpeg -i BIG.png -vf scale=1024:-1 picture.jpg',
  );
}

/**
 * ffmpeg is there, and the file, camera or X screen the source names can be read. `screenEnv` is what
 * x11grab needs (DISPLAY, XAUTHORITY), given to the probe as to the capture.
 */
export async function checkVideoSource(
  source: VideoSource,
  fps: number,
  platform: Platform,
  children: ChildLauncher,
  installHint: string,
  screenEnv: Readonly<Record<string, string>> = {},
  program = 'ffmpeg',
): Promise<void> {
  // A screen or camera this platform's ffmpeg cannot capture is a usage error, said before anything runs.
  inputArgs(source, fps, platform);
  const regularFile = source.kind === 'file' && (await checkReadable(source.path));
  try {
    await children.run(program, ['-hide_banner', '-version']);
  } catch (error) {
    throw ffmpegStartError(error as NodeJS.ErrnoException, program, installHint);
  }
  if (source.kind === 'camera' && source.device.startsWith('/dev/')) {
    try {
      await access(source.device, constants.R_OK);
    } catch (error) {
      throw new VideoDeviceError(
        `cannot open camera ${source.device}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        `list cameras with \`gemtoken devices\`; --camera ${SYNTHETIC_PREFIX}testsrc sends a test picture`,
      );
    }
  }
  if (source.kind === 'screen' && platform.os === 'linux') {
    // One frame through x11grab: no X server at DISPLAY (or no right to it) is said now, not after connecting.
    const probe = await children.run(
      program,
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', ...inputArgs(source, fps, platform)],
        ...['-frames:v', '1', '-f', 'null', '-'],
      ],
      // A remote DISPLAY that never answers would hold talk at its TCP connect timeout.
      { set: screenEnv, timeout: SCREEN_PROBE_MS },
    );
    if (probe.code !== 0) {
      const cause =
        probe.code === null
          ? `no frame within ${SCREEN_PROBE_MS / 1000} s`
          : (firstCause(probe.stderr) ?? `ffmpeg exited with code ${probe.code}`);
      throw new VideoDeviceError(`cannot open screen ${platform.display}: ${cause}`, SCREEN_HINT);
    }
  }
  // A FIFO or a device is read once: a probe would eat its first frames (or wait for a writer), so
  // ffmpeg's own start says what is wrong with it. A regular file is probed with one frame now.
  if (!regularFile) return;
  const probe = await children.run(program, [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', source.path],
    ...['-map', '0:v:0', '-frames:v', '1', '-f', 'null', '-'],
  ]);
  if (probe.code !== 0)
    throw new UsageError(
      `--video ${source.path} is not a video ffmpeg can read${lastLine(probe.stderr) ? `: ${lastLine(probe.stderr)}` : ''}`,
      'name a video file (mp4, webm, mkv, mov, …); pictures go with --image',
    );
}

/**
 * --video's file exists and may be read; true for a regular file. It is not opened: opening a FIFO's
 * read end waits for a writer, and closing it again kills that writer with EPIPE (a process
 * substitution, `--video <(ffmpeg … -f matroska -)`), so only ffmpeg's capture opens it, once.
 */
async function checkReadable(path: string): Promise<boolean> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    await access(path, constants.R_OK);
    return stats.isFile();
  } catch (error) {
    throw fileReadError('--video', path, error);
  }
}

// What a file is, by its first bytes (its name may lie). JPEG and PNG go to the service as they are;
// other pictures are named so the message can say how to convert them; a video container is told
// apart so `--image clip.mp4` can point at --video.
type Sniffed =
  | { readonly kind: 'image'; readonly mimeType: VideoMime }
  | { readonly kind: 'other-image'; readonly format: string }
  | { readonly kind: 'video' }
  | { readonly kind: 'unknown' };

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((byte, i) => bytes[at + i] === byte);
const ascii = (bytes: Uint8Array, text: string, at = 0): boolean =>
  startsWith(
    bytes,
    [...text].map((c) => c.charCodeAt(0)),
    at,
  );

/** Exported for its tests. */
export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', mimeType: 'image/jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', mimeType: 'image/png' };
  if (ascii(bytes, 'GIF87a') || ascii(bytes, 'GIF89a')) return { kind: 'other-image', format: 'GIF' };
  if (ascii(bytes, 'RIFF') && ascii(bytes, 'WEBP', 8)) return { kind: 'other-image', format: 'WebP' };
  if (ascii(bytes, 'BM')) return { kind: 'other-image', format: 'BMP' };
  if (ascii(bytes, 'II*\0') || ascii(bytes, 'MM\0*')) return { kind: 'other-image', format: 'TIFF' };
  if (ascii(bytes, 'ftypavif', 4) || ascii(bytes, 'ftypheic', 4)) return { kind: 'other-image', format: 'AVIF/HEIC' };
  // MP4/MOV (ftyp box), Matroska/WebM (EBML), AVI, Ogg, FLV.
  if (ascii(bytes, 'ftyp', 4) || startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'video' };
  if ((ascii(bytes, 'RIFF') && ascii(bytes, 'AVI ', 8)) || ascii(bytes, 'OggS') || ascii(bytes, 'FLV'))
    return { kind: 'video' };
  return { kind: 'unknown' };
}
