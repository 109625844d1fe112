// Placeholder: replaced by the real mic/speaker adapters.
import type { AudioInput, AudioOutput, MicrophoneOptions, SpeakerOptions } from './ports.js';

export async function createMicrophone(_options: MicrophoneOptions): Promise<AudioInput> {
  throw new Error('microphone adapter not implemented yet');
}

export async function createSpeaker(_options: SpeakerOptions): Promise<AudioOutput> {
  throw new Error('speaker adapter not implemented yet');
}
