// Opens what a talk session plays and records through, before any token is used: a missing
// arecord, an unbuilt speaker or an unreadable --input fails here (exit 6 / 2) and a single-use
// token is not burnt on a session that could never work.

import { FileInput } from '../audio/file-input.js';
import { PlaybackBuffer } from '../audio/playback-buffer.js';
import { OUTPUT_SAMPLE_RATE, type AudioInput } from '../audio/ports.js';
import { WavFileOutput } from '../audio/wav-file-output.js';
import type { Context } from '../context.js';
import type { AudioRecorder, PlaybackSink } from '../live/session-runner.js';
import type { DisposerStack } from './talk-disposers.js';
import type { TalkOptions } from './talk-options.js';

export interface TalkDevices {
  readonly input?: AudioInput;
  readonly playback?: PlaybackSink;
  readonly recorder?: AudioRecorder;
}

export async function openDevices(ctx: Context, options: TalkOptions, stack: DisposerStack): Promise<TalkDevices> {
  const recorder = options.output ? await openRecorder(options.output, stack) : undefined;
  const playback = options.speaker && options.setup.modality === 'audio' ? await openSpeaker(ctx, stack) : undefined;
  const input = inputFor(ctx, options);
  // The input is started by the session runner (and stopped by it); stop() is idempotent, so the
  // stack stopping it again on an error path is harmless.
  if (input) stack.defer('input', () => input.stop());
  return { ...(input ? { input } : {}), ...(playback ? { playback } : {}), ...(recorder ? { recorder } : {}) };
}

async function openRecorder(path: string, stack: DisposerStack): Promise<AudioRecorder> {
  const wav = new WavFileOutput(path, OUTPUT_SAMPLE_RATE);
  await wav.open();
  stack.defer('output file', () => wav.close());
  return wav;
}

async function openSpeaker(ctx: Context, stack: DisposerStack): Promise<PlaybackSink> {
  const speaker = await ctx.devices.speaker({ sampleRate: OUTPUT_SAMPLE_RATE });
  await speaker.open();
  stack.defer('speaker', () => speaker.close());
  const buffer = new PlaybackBuffer({ output: speaker, clock: ctx.clock });
  // Released before the speaker (stack order): stop feeding it first, then close the device.
  stack.defer('playback', () => buffer.close());
  return buffer;
}

function inputFor(ctx: Context, options: TalkOptions): AudioInput | undefined {
  const choice = options.input;
  if (choice.kind === 'none') return undefined;
  if (choice.kind === 'file') {
    return new FileInput({ path: choice.path, fast: choice.fast, clock: ctx.clock, stdin: ctx.stdin, ...(choice.format ? { format: choice.format } : {}) });
  }
  return new LazyMicrophone(ctx, choice.device);
}

/** The mic adapter loads `mic` on start(), inside the runner, so device errors surface from there. */
class LazyMicrophone implements AudioInput {
  readonly label: string;
  #mic: AudioInput | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly device: string,
  ) {
    this.label = `mic:${device}`;
  }

  async start(sink: Parameters<AudioInput['start']>[0]): Promise<void> {
    this.#mic = await this.ctx.devices.microphone({ device: this.device });
    await this.#mic.start(sink);
  }

  async stop(): Promise<void> {
    await this.#mic?.stop();
  }
}
