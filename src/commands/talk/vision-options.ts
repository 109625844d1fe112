// Pure: talk's picture and video flags → what to send. --image is repeatable; --video, --camera and
// --screen each name one frame source, so at most one of them is given; --fps needs one.

import type { EnvSnapshot } from '../../config.js';
import { UsageError } from '../../errors.js';
import { defaultCamera, parseFps, type Platform, type VideoSource } from '../../vision/ffmpeg-args.js';
import { definedProps } from '../../defined-props.js';

export const VISION_FLAGS = {
  image: 'strings',
  video: 'string',
  /** `--camera` alone is 'default' (commander's preset): the platform's first camera. */
  camera: 'string',
  screen: 'boolean',
  fps: 'string',
} as const;

interface VisionFlags {
  readonly image?: readonly string[];
  readonly video?: string;
  readonly camera?: string;
  readonly screen?: boolean;
  readonly fps?: string;
}

export interface VisionOptions {
  /** --image files, sent once at the start in this order. */
  readonly images: readonly string[];
  readonly source?: VideoSource;
  readonly fps: number;
  readonly platform: Platform;
}

export function resolveVision(flags: VisionFlags, env: EnvSnapshot, os: NodeJS.Platform): VisionOptions {
  const platform: Platform = {
    os,
    ...(env.DISPLAY ? { display: env.DISPLAY } : {}),
    ...(env.WAYLAND_DISPLAY ? { waylandDisplay: env.WAYLAND_DISPLAY } : {}),
  };
  const given = [
    flags.video !== undefined && '--video',
    flags.camera !== undefined && '--camera',
    flags.screen && '--screen',
  ].filter((name): name is string => Boolean(name));
  if (given.length > 1)
    throw new UsageError(`${given.join(' and ')} exclude each other`, 'send one video source per session');
  if (flags.fps !== undefined && given.length === 0) throw new UsageError('--fps needs --video, --camera or --screen');
  for (const path of flags.image ?? [])
    if (path.trim() === '') throw new UsageError('--image is empty', 'name a JPEG or PNG file');
  if (flags.video !== undefined && flags.video.trim() === '')
    throw new UsageError('--video is empty', 'name a video file ffmpeg can read');
  const source: VideoSource | undefined =
    flags.video !== undefined
      ? { kind: 'file', path: flags.video }
      : flags.camera !== undefined
        ? { kind: 'camera', device: cameraDevice(flags.camera, os) }
        : flags.screen
          ? { kind: 'screen' }
          : undefined;
  return { images: flags.image ?? [], ...definedProps({ source }), fps: parseFps(flags.fps), platform };
}

function cameraDevice(flag: string, os: NodeJS.Platform): string {
  const device = flag.trim();
  if (device === '')
    throw new UsageError('--camera is empty', 'give a device (e.g. /dev/video0) or none for the default');
  return device === 'default' ? defaultCamera(os) : device;
}
