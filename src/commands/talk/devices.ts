// Opens what a talk session plays and records through, before any token is used: a missing
// arecord, an unbuilt speaker or an unreadable --input fails here (exit 6 / 2) and a single-use
// token is not burnt on a session that could never work.

import { PROBE_PATH } from '../bin-path.js';
import { FileInput } from '../../audio/devices/file-input.js';
import { PlaybackBuffer } from '../../audio/playback/playback-buffer.js';
import { OUTPUT_SAMPLE_RATE, type AudioInput } from '../../audio/ports.js';
import { WavFileOutput } from '../../audio/devices/wav-file-output.js';
import type { Context } from '../../context.js';
import { createUi } from '../../terminal/ui.js';
import { playbackInChild } from '../../audio/devices/playback-probe.js';
import { pickDeviceHint } from '../../audio/devices/device-hints.js';
import { childLauncher, type ChildLauncher } from '../../children/launcher.js';
import { AudioDeviceError } from '../../errors.js';
import type { AudioRecorder, PlaybackSink } from '../../live/session/session-runner.js';
import type { DisposerStack } from './disposers.js';
import type { TalkOptions } from './options.js';
import { definedProps } from '../../defined-props.js';

export interface TalkDevices {
  readonly input?: AudioInput;
  readonly playback?: PlaybackSink;
  readonly recorder?: AudioRecorder;
}

export async function openDevices(ctx: Context, options: TalkOptions, stack: DisposerStack): Promise<TalkDevices> {
  // The playback probe and arecord/sox get the child environment with talk's --pass-env.
  const children = childLauncher(ctx.env, options.passEnv);
  const recorder = options.output ? await openRecorder(ctx, options.output, stack) : undefined;
  const playback =
    options.speaker && options.setup.modality === 'audio'
      ? await openSpeaker(ctx, children, stack, options.outputDevice)
      : undefined;
  const input = inputFor(ctx, children, options);
  // The input is started by the session runner (and stopped by it); stop() is idempotent, so the
  // stack stopping it again on an error path is harmless.
  if (input) stack.defer('input', () => input.stop());
  return definedProps({ input, playback, recorder });
}

async function openRecorder(ctx: Context, path: string, stack: DisposerStack): Promise<AudioRecorder> {
  const wav = new WavFileOutput(path, OUTPUT_SAMPLE_RATE);
  await wav.open(ctx.signal, () => createUi(ctx).info(`waiting for a reader on --output ${path} (a FIFO)`));
  stack.defer('output file', () => wav.close());
  return wav;
}

const PREFLIGHT_TIMEOUT_MS = 5_000;

async function openSpeaker(
  ctx: Context,
  children: ChildLauncher,
  stack: DisposerStack,
  device: string | undefined,
): Promise<PlaybackSink> {
  await preflightSpeaker(ctx, children, device);
  const speaker = await ctx.devices.speaker({
    sampleRate: OUTPUT_SAMPLE_RATE,
    ...definedProps({ device }),
  });
  await speaker.open();
  stack.defer('speaker', () => speaker.close());
  const buffer = new PlaybackBuffer({ output: speaker, clock: ctx.clock });
  // Released before the speaker (stack order): stop feeding it first, then close the device.
  stack.defer('playback', () => buffer.close());
  return buffer;
}

/**
 * With no usable ALSA output device the speaker addon does not throw: libasound trips an
 * assertion and SIGABRT takes the whole process down (exit 134, terminal left raw, no hint).
 * So the device is first opened once in a throwaway child (the same probe `gemtoken doctor`
 * runs); only when that survives is the addon loaded here.
 */
async function preflightSpeaker(ctx: Context, children: ChildLauncher, device: string | undefined): Promise<void> {
  const outcome = await playbackInChild({
    nodePath: process.execPath,
    probePath: PROBE_PATH,
    children,
    clock: ctx.clock,
    timeoutMs: PREFLIGHT_TIMEOUT_MS,
    ...definedProps({ device }),
  });
  if (outcome.kind === 'ok') return;
  const hint =
    outcome.kind === 'addon'
      ? 'install the ALSA headers and rebuild: sudo apt-get install libasound2-dev && npm rebuild speaker (or use --no-speaker)'
      : device !== undefined
        ? pickDeviceHint('playback')
        : 'check the default playback device with `gemtoken doctor`, or run with --no-speaker (--output reply.wav still records)';
  throw new AudioDeviceError(outcome.message, hint);
}

function inputFor(ctx: Context, children: ChildLauncher, options: TalkOptions): AudioInput | undefined {
  const choice = options.input;
  if (choice.kind === 'none') return undefined;
  if (choice.kind === 'file') {
    return new FileInput({
      path: choice.path,
      fast: choice.fast,
      clock: ctx.clock,
      stdin: ctx.stdin,
      signal: ctx.signal,
      ...definedProps({ format: choice.format }),
    });
  }
  return new LazyMicrophone(ctx, children, choice.device);
}

/** The mic adapter loads `mic` on start(), inside the runner, so device errors surface from there. */
class LazyMicrophone implements AudioInput {
  readonly label: string;
  #mic: AudioInput | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly children: ChildLauncher,
    private readonly device: string,
  ) {
    this.label = `mic:${device}`;
  }

  async start(sink: Parameters<AudioInput['start']>[0]): Promise<void> {
    this.#mic = await this.ctx.devices.microphone({ device: this.device, children: this.children });
    await this.#mic.start(sink);
  }

  async stop(): Promise<void> {
    await this.#mic?.stop();
  }
}
