// The microphone through the `mic` package (the only file that loads it). `mic` hides its child
// process, attaches no `error` listener (spawn ENOENT would crash us), ignores stderr unless
// `debug`, and then console.logs it. So we run it with `debug: true`, take the ChildProcess from
// Node's `child_process` diagnostics channel while mic.start() spawns it, unhook mic's logging
// (stderr pipe, exit listener) and supervise the child ourselves. We never call mic.pause(): it
// SIGSTOPs the child (POSIX only) and leaves ALSA overrunning.

import type { ChildProcess } from 'node:child_process';
import { childLauncher } from '../../children/launcher.js';
import { stopChild } from '../../children/stop.js';
import type { Readable } from 'node:stream';
import { systemClock, type Cancel, type Clock } from '../../clock.js';
import { AudioDeviceError } from '../../errors.js';
import { describeCaptureExit, describeSpawnError } from './capture-errors.js';
import { FrameChunker } from '../pcm/chunker.js';
import type { InstallHints } from '../system/install-hints.js';
import { captureProgram, installHintsForThisMachine } from '../system/platform.js';
import type { AudioInput, AudioInputSink, MicrophoneOptions } from '../ports.js';
import type createMicType from 'mic';

/** How long arecord/sox gets after SIGTERM (then SIGKILL). */
const STOP_WAIT_MS = 1000;

export interface MicInputOptions extends MicrophoneOptions {
  readonly clock?: Clock;
  /** start() resolves at the first audio, or after this long without a failure. */
  readonly startTimeoutMs?: number;
  readonly hints?: InstallHints;
}

type MicModule = typeof createMicType;

async function loadMic(hints: InstallHints): Promise<MicModule> {
  try {
    const loaded = (await import('mic')) as MicModule | { default: MicModule };
    return 'default' in loaded ? loaded.default : loaded;
  } catch (error) {
    throw new AudioDeviceError(
      'the optional `mic` package is not installed',
      `npm install mic@2.1.2 (and ${hints.microphone})`,
      { cause: error },
    );
  }
}

export class MicInput implements AudioInput {
  readonly label: string;
  private child: ChildProcess | undefined;
  private audio: Readable | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly hints: InstallHints;

  constructor(private readonly options: MicInputOptions) {
    this.label = `mic:${options.device}`;
    this.clock = options.clock ?? systemClock;
    this.hints = options.hints ?? installHintsForThisMachine();
  }

  /** The capture child's pid while it runs (tests check it is gone after stop()). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(sink: AudioInputSink): Promise<void> {
    if (this.child) throw new Error('MicInput.start() called twice');
    const createMic = await loadMic(this.hints);
    const program = captureProgram();
    const { device } = this.options;
    const instance = createMic({
      rate: '16000',
      channels: '1',
      bitwidth: '16',
      encoding: 'signed-integer',
      endian: 'little',
      device,
      fileType: 'raw',
      debug: true,
    });
    // `mic` passes no `env` to spawn: it would inherit ours, API key included. during() gives it the
    // child environment and hands us the ChildProcess it started.
    const children = this.options.children ?? childLauncher(process.env);
    const child = children.during(() => instance.start());
    if (!child)
      throw new AudioDeviceError(`cannot supervise ${program} on this Node.js version`, 'use Node.js 20 or newer');
    this.child = child;
    child.removeAllListeners('exit'); // mic's listener console.logs in debug mode
    child.stderr?.unpipe();
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4096)));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()).once('error', () => resolve()));

    const audio = instance.getAudioStream();
    this.audio = audio;
    const header = new CaptureHeaderStripper();
    const chunker = new FrameChunker();

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error): void => {
        cancelTimer();
        if (settled) return void (error && !this.stopping && sink.error(error));
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      const cancelTimer: Cancel = this.clock.setTimeout(() => settle(), this.options.startTimeoutMs ?? 1500);
      audio.on('data', (bytes: Buffer) => {
        settle();
        for (const frame of chunker.push(header.push(bytes))) sink.chunk(frame);
      });
      audio.on('error', (error: Error) => settle(new AudioDeviceError(`microphone stream failed: ${error.message}`)));
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (!this.stopping) settle(describeSpawnError(error, program, this.hints));
      });
      child.on('exit', (code, signal) => {
        if (this.stopping) return;
        // Let stderr drain before reading it: 'close' follows once the stdio pipes are done, unless
        // a grandchild (a pipeline, a pacing wrapper) still holds stdout, hence the bound.
        let reported = false;
        const report = (): void => {
          if (reported) return;
          reported = true;
          settle(describeCaptureExit({ program, device, code, signal, stderr }));
        };
        child.once('close', report);
        this.clock.setTimeout(report, 250);
      });
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.kill();
    return this.stopping;
  }

  private async kill(): Promise<void> {
    this.audio?.removeAllListeners('data');
    if (this.child) await stopChild(this.child, this.exited, this.clock, STOP_WAIT_MS);
  }
}

// On Linux `mic` runs `arecord` without `-t raw`, so the stream starts with a 44-byte WAV header
// (sizes left as placeholders because stdout cannot seek). Strip it, or the first frame sent to
// the model is 22 samples of header noise. Streams that do not start with RIFF pass through.
export class CaptureHeaderStripper {
  private head: Buffer | undefined = Buffer.alloc(0);

  push(bytes: Buffer): Buffer {
    if (!this.head) return bytes;
    const data = Buffer.concat([this.head, bytes]);
    if (data.length < 4) return this.keep(data);
    if (data.toString('latin1', 0, 4) !== 'RIFF') return this.done(data);
    let offset = 12;
    while (offset + 8 <= data.length) {
      const id = data.toString('latin1', offset, offset + 4);
      if (id === 'data') return this.done(data.subarray(offset + 8));
      offset += 8 + data.readUInt32LE(offset + 4);
    }
    // A header larger than this is not one arecord/sox would write; give up and pass audio on.
    return data.length > 4096 ? this.done(data) : this.keep(data);
  }

  private keep(data: Buffer): Buffer {
    this.head = data;
    return Buffer.alloc(0);
  }

  private done(rest: Buffer): Buffer {
    this.head = undefined;
    return rest;
  }
}
