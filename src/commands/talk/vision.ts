// Opens what a session shows the model, before any token is used: every --image is read and checked,
// and the --video file, camera or screen is checked with ffmpeg, so a wrong file is exit 2 and a
// missing ffmpeg exit 6 with nothing spent. The frame source itself starts once the session is up.

import { childLauncher } from '../../children/launcher.js';
import type { Context } from '../../context.js';
import { installHintsForThisMachine } from '../../audio/system/platform.js';
import { FfmpegInput } from '../../vision/ffmpeg-input.js';
import { checkVideoSource, loadImages } from '../../vision/preflight.js';
import type { VideoFrame, VideoInput } from '../../vision/ports.js';
import type { DisposerStack } from './disposers.js';
import type { TalkOptions } from './options.js';
import { definedProps } from '../../defined-props.js';

export interface TalkVision {
  readonly images: readonly VideoFrame[];
  readonly video?: VideoInput;
}

export async function prepareVision(ctx: Context, options: TalkOptions, stack: DisposerStack): Promise<TalkVision> {
  const { images: paths, source, fps, platform } = options.vision;
  const images = await loadImages(paths, ctx.signal);
  if (!source) return { images };
  const children = childLauncher(ctx.env, options.passEnv);
  const installHint = installHintsForThisMachine().ffmpeg;
  // x11grab reads the X server named by DISPLAY, with the cookie XAUTHORITY points at.
  const screenEnv =
    source.kind === 'screen'
      ? Object.fromEntries(['DISPLAY', 'XAUTHORITY'].flatMap((name) => (ctx.env[name] ? [[name, ctx.env[name]!]] : [])))
      : undefined;
  await checkVideoSource(source, fps, platform, children, installHint, screenEnv);
  const video = new FfmpegInput({
    source,
    fps,
    platform,
    children,
    clock: ctx.clock,
    installHint,
    ...definedProps({ set: screenEnv }),
  });
  stack.defer('video', () => video.stop());
  return { images, video };
}
