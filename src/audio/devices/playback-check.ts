// The playback check itself: open the output device, play 20 ms of silence, close it. It runs in
// the probe child (playback-probe-child.ts), never in talk's or doctor's own process, because the
// `speaker` addon can abort the whole process (playback-probe.ts says how).

import { OUTPUT_SAMPLE_RATE, type AudioOutput } from '../ports.js';

export type PlaybackOutcome =
  | { readonly kind: 'ok' }
  /** The `speaker` package is missing or its native addon does not load. */
  | { readonly kind: 'addon'; readonly message: string }
  /** The addon loaded but the default output device did not open or failed on write. */
  | { readonly kind: 'device'; readonly message: string };

/** The probe child's command line: its marker, then optionally the device talk --output-device names. */
export const PROBE_PLAYBACK_FLAG = '--probe-playback';
export const PROBE_DEVICE_FLAG = '--probe-device';

/** 20 ms of silence at the output rate: enough to make the device really play something. */
const SILENCE = Buffer.alloc((OUTPUT_SAMPLE_RATE / 50) * 2);

export async function checkPlayback(createOutput: () => AudioOutput | Promise<AudioOutput>): Promise<PlaybackOutcome> {
  let output: AudioOutput;
  try {
    output = await createOutput();
    await output.open();
  } catch (error) {
    return classifyPlaybackError(error);
  }
  try {
    output.write(SILENCE);
  } finally {
    await output.close();
  }
  // SpeakerOutput reports asynchronous device errors through `error` rather than throwing.
  const late = (output as { readonly error?: Error }).error;
  return late ? { kind: 'device', message: late.message } : { kind: 'ok' };
}

/**
 * SpeakerOutput.open() fails in two ways with one error class: the addon does not load ("cannot
 * play audio: …", from the dynamic import) or the device does not open ("cannot open the audio
 * output device: …", from speaker's _open). Only the message tells them apart.
 */
export function classifyPlaybackError(error: unknown): PlaybackOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return /^cannot open the audio output device/.test(message)
    ? { kind: 'device', message }
    : { kind: 'addon', message };
}
