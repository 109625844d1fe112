// The thin shell around one ffmpeg child: it reads a file, a camera or the screen and writes JPEG
// frames to its stdout (ffmpeg-args.ts); the splitter cuts them apart and the pacer hands them on at
// --fps by the injected clock. A file waits while two frames are queued (its pipe is paused); a
// device drops its oldest instead. The child is started through the one launcher and ended on stop().

import type { ChildProcess } from 'node:child_process';
import type { ChildLauncher } from '../children/launcher.js';
import { stopChild } from '../children/stop.js';
import type { Clock } from '../clock.js';
import { describeSource, ffmpegArgs, isLive, type Platform, type VideoSource } from './ffmpeg-args.js';
import { FramePacer } from './frame-pacer.js';
import { FrameQueue } from './frame-queue.js';
import { JpegSplitter } from './jpeg-splitter.js';
import type { VideoInput, VideoInputSink } from './ports.js';
import { ffmpegFailure, ffmpegStartError } from './ffmpeg-errors.js';
import { definedProps } from '../defined-props.js';

export interface FfmpegInputOptions {
  readonly source: VideoSource;
  readonly fps: number;
  readonly platform: Platform;
  readonly children: ChildLauncher;
  readonly clock: Clock;
  /** How to install ffmpeg here (the hint of a missing one). */
  readonly installHint: string;
  /** The program to run; tests point it at a missing one. */
  readonly program?: string;
  /** Variables the child needs beyond the allow-list (DISPLAY for the screen). */
  readonly set?: Readonly<Record<string, string>>;
}

const STOP_WAIT_MS = 1000;

export class FfmpegInput implements VideoInput {
  readonly label: string;
  readonly live: boolean;
  readonly #options: FfmpegInputOptions;
  readonly #splitter = new JpegSplitter();
  #queue: FrameQueue<Buffer> | undefined;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | undefined;

  constructor(options: FfmpegInputOptions) {
    this.#options = options;
    this.label = describeSource(options.source, options.platform);
    this.live = isLive(options.source);
  }

  /** The ffmpeg child's pid while it runs (tests check it is gone after stop()). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Frames lost before the session saw them: over the size cap, or the oldest of a device's queue. */
  get dropped(): number {
    return this.#splitter.dropped + (this.#queue?.dropped ?? 0);
  }

  start(sink: VideoInputSink): Promise<void> {
    if (this.#child) throw new Error('FfmpegInput.start() called twice');
    const { source, fps, platform, children, clock } = this.#options;
    const program = this.#options.program ?? 'ffmpeg';
    let args: string[];
    try {
      args = ffmpegArgs(source, fps, platform);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const child = children.spawn(program, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...definedProps({ set: this.#options.set }),
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()).once('error', () => resolve()));
    const queue = new FrameQueue<Buffer>(this.live ? 'drop-oldest' : 'wait');
    this.#queue = queue;
    const stdout = child.stdout!;
    const pacer = new FramePacer(
      clock,
      fps,
      queue,
      { frame: (image) => sink.frame({ image, mimeType: 'image/jpeg' }), end: () => sink.end() },
      () => stdout.resume(),
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4096)));
    stdout.on('data', (chunk: Buffer) => {
      for (const image of this.#splitter.push(chunk)) if (!pacer.push(image) && !this.live) stdout.pause();
    });
    const fail = (error: Error): void => {
      pacer.stop();
      if (!this.#stopping) sink.error(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(ffmpegStartError(error, program, this.#options.installHint)),
    );
    child.once('close', (code, signal) => {
      if (this.#stopping) return;
      if (code === 0) return pacer.finish();
      fail(ffmpegFailure({ label: this.label, source, code, signal, stderr }));
    });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#kill();
    return this.#stopping;
  }

  async #kill(): Promise<void> {
    if (this.#child) await stopChild(this.#child, this.#exited, this.#options.clock, STOP_WAIT_MS);
  }
}
