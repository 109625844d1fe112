// The speaker through the `speaker` addon (the only file that loads it). Closing is the dangerous
// part (node-speaker #28 segfault when closed mid-write, #85 end() taking seconds, #92/#131 crashes):
// we stop writing first, then end() so the Writable finishes in-flight native writes before
// speaker's own close(false) runs (no native flush), and we wait a bounded time for 'close'. The
// playback buffer keeps ≤ 200 ms in the device, so the ALSA drain inside close is short too.

import type { Writable } from 'node:stream';
import { systemClock, type Clock } from '../../clock.js';
import { AudioDeviceError } from '../../errors.js';
import type { InstallHints } from '../system/install-hints.js';
import { pickDeviceHint } from './device-hints.js';
import { installHintsForThisMachine } from '../system/platform.js';
import type { AudioOutput, SpeakerOptions } from '../ports.js';
import { definedProps } from '../../defined-props.js';

export interface SpeakerOutputOptions extends SpeakerOptions {
  readonly closeTimeoutMs?: number;
  readonly clock?: Clock;
  readonly hints?: InstallHints;
}

type SpeakerInstance = Writable & { _open?: () => unknown };
type SpeakerClass = new (options: {
  channels: number;
  bitDepth: number;
  sampleRate: number;
  signed: boolean;
  device?: string;
}) => SpeakerInstance;

async function loadSpeaker(hints: InstallHints): Promise<SpeakerClass> {
  try {
    const loaded = (await import('speaker')) as unknown as { default?: SpeakerClass } & SpeakerClass;
    return loaded.default ?? loaded;
  } catch (error) {
    // import() says ERR_MODULE_NOT_FOUND; the probe child's CommonJS build (a require()) MODULE_NOT_FOUND.
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    const what = missing
      ? 'the optional `speaker` package is not installed'
      : 'the `speaker` audio addon is not built for this machine';
    throw new AudioDeviceError(`cannot play audio: ${what}`, hints.speaker, { cause: error });
  }
}

export class SpeakerOutput implements AudioOutput {
  readonly label = 'speaker';
  private speaker: SpeakerInstance | undefined;
  private closing: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly hints: InstallHints;

  constructor(private readonly options: SpeakerOutputOptions) {
    this.hints = options.hints ?? installHintsForThisMachine();
  }

  /** The first device error, if any (writes after it are dropped). */
  get error(): Error | undefined {
    return this.failure;
  }

  async open(): Promise<void> {
    const Speaker = await loadSpeaker(this.hints);
    const device = this.options.device;
    const speaker = new Speaker({
      channels: 1,
      bitDepth: 16,
      sampleRate: this.options.sampleRate,
      signed: true,
      ...definedProps({ device }),
    });
    speaker.on('error', (error: Error) => {
      this.failure ??= new AudioDeviceError(`audio playback failed: ${error.message}`, this.hints.speaker, {
        cause: error,
      });
    });
    // speaker opens the device lazily on the first write; open it now so a missing or busy device
    // fails here, as one AudioDeviceError, instead of on the first model reply.
    try {
      speaker._open?.();
    } catch (error) {
      speaker.destroy();
      const which = device === undefined ? 'the audio output device' : `the audio output device '${device}'`;
      const hint = device === undefined ? 'check the default ALSA/system output device' : pickDeviceHint('playback');
      throw new AudioDeviceError(`cannot open ${which}: ${(error as Error).message}`, hint, { cause: error });
    }
    this.speaker = speaker;
  }

  write(pcm: Buffer): void {
    if (!this.speaker || this.closing || this.failure) return;
    this.speaker.write(pcm);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const speaker = this.speaker;
    if (!speaker) return;
    const clock = this.options.clock ?? systemClock;
    await new Promise<void>((resolve) => {
      const cancel = clock.setTimeout(resolve, this.options.closeTimeoutMs ?? 2000);
      speaker.once('close', () => {
        cancel();
        resolve();
      });
      speaker.end();
    });
  }
}
