// Real devices for `talk`, loaded lazily so other commands start fast: importing this file loads neither `mic`
// nor `speaker`; the adapters load them on start()/open().

import { AudioDeviceError } from '../../errors.js';
import type { AudioInput, AudioOutput, MicrophoneOptions, SpeakerOptions } from '../ports.js';

export { describeInstall } from '../system/install-hints.js';
export type { InstallHints } from '../system/install-hints.js';

/** The microphone adapter; the capture child starts on start(). */
export async function createMicrophone(options: MicrophoneOptions): Promise<AudioInput> {
  const { MicInput } = await import('./mic-input.js');
  return new MicInput(options);
}

/** The speaker adapter; the device opens on open(). Rejects with AudioDeviceError if the addon is unusable. */
export async function createSpeaker(options: SpeakerOptions): Promise<AudioOutput> {
  if (!(options.sampleRate > 0)) throw new AudioDeviceError(`invalid speaker sample rate ${options.sampleRate}`);
  const { SpeakerOutput } = await import('./speaker-output.js');
  return new SpeakerOutput(options);
}
